package dev.greenslice.nvml;

/**
 * How a per-process domain ({@code gpu:N/process}) takes its part of a GPU's static and idle energy, the energy the
 * board draws at its baseline power whether or not any process runs. The dynamic energy above the baseline is
 * always split by each process's SM utilization; the static part follows this rule. Whatever the rule, the shares
 * of all processes plus the unattributed part add up to the board's energy.
 */
public enum StaticEnergyRule {

    /**
     * Each process pays the baseline energy of the time it kept the SMs busy (its SM utilization × the interval);
     * when several processes overlap (MPS) their time is scaled down to the interval. The idle rest is not
     * attributed. The default: an idle GPU's energy is nobody's.
     */
    BY_ACTIVE_TIME("static and idle energy by active time (each process pays the baseline while it keeps the "
            + "SMs busy; idle time is not attributed)"),

    /**
     * All baseline energy of an interval goes to the processes active in it, in proportion to their SM
     * utilization; only an interval in which no process ran leaves it unattributed. The processes together carry
     * the whole board, as when they are its only tenants.
     */
    BY_SHARE_OF_ACTIVITY("static and idle energy by share of activity (the processes active in an interval carry "
            + "all its baseline energy)"),

    /** No process takes any baseline energy: per-process figures are dynamic energy only. */
    NOT_ATTRIBUTED("static and idle energy not attributed (dynamic energy only)");

    private final String description;

    StaticEnergyRule(String description) {
        this.description = description;
    }

    /** @return the rule in words, for reports */
    public String description() {
        return description;
    }
}
