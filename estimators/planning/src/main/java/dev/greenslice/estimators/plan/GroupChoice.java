package dev.greenslice.estimators.plan;

/**
 * One GPU's configuration found by a search: which demands, the instance size of each, the clock, and its
 * carbon as the fast evaluator puts it. Immutable.
 */
final class GroupChoice {

    static final GroupChoice INFEASIBLE = new GroupChoice(new int[0], new PlanningProblem.Size[0], -1, 0L,
            Double.POSITIVE_INFINITY, 0, 0);

    final int[] members;
    final PlanningProblem.Size[] sizes;
    final int clock;
    final long multiset;
    final double cost;
    final double energyJ;
    final double makespanS;

    GroupChoice(int[] members, PlanningProblem.Size[] sizes, int clock, long multiset, double cost, double energyJ,
                double makespanS) {
        this.members = members;
        this.sizes = sizes;
        this.clock = clock;
        this.multiset = multiset;
        this.cost = cost;
        this.energyJ = energyJ;
        this.makespanS = makespanS;
    }

    boolean feasible() {
        return clock >= 0;
    }

    double gpuHours() {
        return makespanS / 3600.0;
    }

    /** Whether one model has the whole GPU (MIG disabled). */
    boolean whole() {
        return sizes.length == 1 && sizes[0].whole();
    }

    @Override
    public String toString() {
        if (!feasible()) {
            return "infeasible";
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < members.length; k++) {
            b.append(k == 0 ? "" : ", ").append(sizes[k].demand.name()).append('@').append(sizes[k].label());
        }
        return b + " clock#" + clock + " cost " + cost;
    }
}
