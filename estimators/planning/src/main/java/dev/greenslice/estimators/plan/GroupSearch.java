package dev.greenslice.estimators.plan;

/**
 * Finds one GPU's least-carbon configuration for a fixed set of demands: every assignment of instance sizes
 * whose MIG profiles some valid layout holds (checked on the real placement table, prefix by prefix) and,
 * for each, every clock all hold data at and every SLO is met at. Exhaustive.
 */
final class GroupSearch {

    private final PlanningProblem problem;
    private final int[] members;
    private final PlanningProblem.Demand[] demands;
    private final PlanningProblem.Size[] chosen;
    private GroupChoice best = GroupChoice.INFEASIBLE;

    GroupSearch(PlanningProblem problem, int[] members) {
        this.problem = problem;
        this.members = members;
        this.demands = new PlanningProblem.Demand[members.length];
        for (int k = 0; k < members.length; k++) {
            demands[k] = problem.demands[members[k]];
        }
        this.chosen = new PlanningProblem.Size[members.length];
    }

    GroupChoice run() {
        int n = members.length;
        if (n == 0 || n > problem.gpuSlices || (problem.geometry == null && n > 1)) {
            return GroupChoice.INFEASIBLE;
        }
        for (PlanningProblem.Demand d : demands) {
            if (d.problem != null) {
                return GroupChoice.INFEASIBLE;
            }
        }
        assign(0, 0L, 0);
        return best;
    }

    private void assign(int k, long multiset, int slices) {
        if (k == members.length) {
            leaf(multiset);
            return;
        }
        for (PlanningProblem.Size s : demands[k].sizes) {
            if (s.whole()) {
                if (members.length == 1) {
                    chosen[k] = s;
                    assign(k + 1, multiset, slices + s.slices);
                }
                continue;
            }
            if (slices + s.slices > problem.gpuSlices) {
                continue;
            }
            long next = multiset + s.unit;
            if (!problem.layouts.feasible(next)) {
                continue;
            }
            chosen[k] = s;
            assign(k + 1, next, slices + s.slices);
        }
    }

    private void leaf(long multiset) {
        if (best.feasible() && problem.leafBound(chosen) > best.cost + PlanningProblem.TIE * Math.abs(best.cost)) {
            problem.prunedLeaves++;
            return;
        }
        GroupChoice g = problem.bestClock(members, chosen, multiset,
                best.feasible() ? best.cost : Double.POSITIVE_INFINITY);
        if (g.feasible() && (!best.feasible() || PlanningProblem.compare(g.cost, g.makespanS, best.cost,
                best.makespanS) < 0 || (PlanningProblem.compare(g.cost, g.makespanS, best.cost, best.makespanS) == 0
                && g.energyJ < best.energyJ))) {
            best = g;
        }
    }
}
