package dev.greenslice.nvml;

/**
 * The split of one interval's energy of a GPU (or MIG instance) among the processes that used it: the baseline
 * (static and idle) part by a {@link StaticEnergyRule}, the dynamic part above it by SM utilization. Pure
 * arithmetic on caller-owned arrays; the shares plus {@link #staticUnattributed} and {@link #dynamicUnattributed}
 * add up to the interval's energy. Not thread-safe (one per reading thread); allocates nothing.
 */
final class ProcessShares {

    /** Baseline energy of the last split that no process took, joules. */
    double staticUnattributed;
    /** Dynamic energy of the last split that no process took (nobody was active), joules. */
    double dynamicUnattributed;

    /**
     * Splits {@code joules} among {@code n} processes.
     *
     * @param joules        the interval's energy, ≥ 0
     * @param seconds       the interval's length, ≥ 0
     * @param baselineWatts the static and idle power; the baseline energy is capped at {@code joules}
     * @param activity      each process's SM-busy fraction of the interval, ≥ 0 (may add up to more than 1 under
     *                      MPS)
     * @param n             how many entries of {@code activity} and {@code shares} are used
     * @param rule          how the baseline energy is shared
     * @param shares        receives each process's joules
     */
    void split(double joules, double seconds, double baselineWatts, double[] activity, int n, StaticEnergyRule rule,
               double[] shares) {
        double base = Math.min(joules, Math.max(0, baselineWatts * seconds));
        double dynamic = joules - base;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += activity[i];
        }
        double busy = Math.min(1, total);
        double staticTaken = 0;
        double dynamicTaken = 0;
        for (int i = 0; i < n; i++) {
            double dyn = total > 0 ? dynamic * (activity[i] / total) : 0;
            double stat;
            switch (rule) {
                case BY_ACTIVE_TIME:
                    stat = base * (activity[i] / Math.max(1, total));
                    break;
                case BY_SHARE_OF_ACTIVITY:
                    stat = total > 0 ? base * (activity[i] / total) : 0;
                    break;
                default:
                    stat = 0;
            }
            shares[i] = dyn + stat;
            staticTaken += stat;
            dynamicTaken += dyn;
        }
        // The unattributed parts follow from the rule itself, not from subtraction, so conservation can be tested.
        dynamicUnattributed = total > 0 ? 0 : dynamic;
        switch (rule) {
            case BY_ACTIVE_TIME:
                staticUnattributed = base * (1 - busy);
                break;
            case BY_SHARE_OF_ACTIVITY:
                staticUnattributed = total > 0 ? 0 : base;
                break;
            default:
                staticUnattributed = base;
        }
        assert Math.abs(staticTaken + dynamicTaken + staticUnattributed + dynamicUnattributed - joules)
                <= 1e-9 * Math.max(1, joules);
    }
}
