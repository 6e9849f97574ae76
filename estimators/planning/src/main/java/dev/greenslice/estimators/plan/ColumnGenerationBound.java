package dev.greenslice.estimators.plan;

import dev.greenslice.carbon.embodied.EmbodiedAccounting;
import dev.greenslice.carbon.estimate.ModelPlacement;
import dev.greenslice.carbon.gpu.mig.MigProfile;
import org.ojalgo.optimisation.Expression;
import org.ojalgo.optimisation.ExpressionsBasedModel;
import org.ojalgo.optimisation.Optimisation;
import org.ojalgo.optimisation.Variable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The LP relaxation of the set-partitioning formulation of planning, solved by column generation with ojAlgo's
 * simplex, as a proven lower bound on the carbon of every feasible plan ({@link PlanBound}).
 *
 * <p><b>The formulation.</b> A column is one GPU's configuration: a set of demands, the MIG profile of each (a
 * multiset some valid layout of the GPU holds, checked on the real placement table) or the whole GPU for one demand
 * alone, and a clock at which every member meets its SLO (without clock tuning, a clock no higher than the highest
 * each member has data at). Every plan picks columns covering each demand once. A column's cost is a lower bound
 * {@code ℓ} of the carbon {@link PlanningProblem#evaluate} gives it: with {@code M} the longest completion of its
 * members, {@code b} the idle baseline at its clock, {@code e} embodied grams per second and {@code g} the least
 * intensity over the run, {@code ℓ = (e + g·b)·M + g·Σ_k u_k·T_k·δ_k} (resource-share accounting charges
 * {@code e·Σ_k (s_k/S)·T_k} instead of {@code e·M}), where {@code u_k·T_k·δ_k} is member {@code k}'s busy time times
 * its marginal power floor ({@link LowerBound#floorWatts}). It is exact for the additive estimator at a constant
 * intensity; for the decomposed estimator it charges the shared wake-up power by slice share instead of as the
 * largest among the busy models.
 *
 * <p><b>The bound.</b> The dual of the covering LP, {@code max Σ π_k} subject to {@code Σ_{k∈S} π_k ≤ ℓ(S)} for
 * every column {@code S}, is solved over a growing set of columns; the pricing problem (the column of least reduced
 * cost {@code ℓ(S) − π(S)}) is solved exactly: for each clock and each maximal multiset of profiles, a sweep over
 * the members' completion times (the makespan candidate) keeps each profile's best demands and solves the small
 * assignment of demands to instances (Hungarian method) whenever they change. Whatever the LP solver returns, the
 * reported bound is certified by the exact pricing alone (Farley's bound): {@code Σ π_k / θ} with
 * {@code θ = max(1, max_S π(S)/ℓ(S))}, found by Dinkelbach's iteration; every plan's columns {@code S_j} give
 * {@code Σ π_k = Σ_j π(S_j) ≤ θ·Σ_j ℓ(S_j)}. When column generation converges, {@code θ = 1} and the bound is the LP
 * optimum; when it stops at its iteration limit, it is Farley's bound of the last duals. A GPU budget is not a row
 * of the LP (leaving it out keeps the bound valid, if weaker).
 *
 * <p><b>Size.</b> ojAlgo's simplex here is dense: 100 demands take seconds, 1,000 took more than half an hour.
 * Above {@link #CHUNK} demands {@link #of(PlanningProblem, int)} certifies chunks' duals over the whole problem
 * instead; measured on a 1,000-model fleet that certificate was weaker than the area relaxation, so
 * {@code MigPlanners#lowerBound} uses this class only up to {@link #CHUNK} demands.
 *
 * <p>Not thread-safe: one per bound.
 */
final class ColumnGenerationBound {

    /** The method name of a bound from this class. */
    static final String METHOD = "lp-column-generation";

    /** Column generation rounds before the duals are certified as they stand. */
    static final int MAX_ROUNDS = 400;

    private final PlanningProblem problem;
    private final int n;
    private final double scale;
    /** Per clock position: {@code A} of the makespan term, in scaled grams per second. */
    private final double[] makespanRate;
    /** Per clock position: MIG items sorted by completion (demand, profile index, completion, own cost). */
    private final int[][] itemDemand;
    private final int[][] itemProfile;
    private final double[][] itemT;
    private final double[][] itemCost;
    /** The maximal multisets of used profiles, each as one profile index per instance. */
    private final int[][] multisets;
    private final int profileCount;
    /** Per demand: its least whole-GPU column cost (scaled), or infinity. */
    private final double[] wholeCost;
    /**
     * Per demand, in grams: the area relaxation's term (its share of the GPU's slices for the makespan term), a dual
     * feasible for every column since a GPU's members' slice shares add up to at most 1.
     */
    private final double[] areaGrams;
    /** Per demand: its least single-member column cost (scaled). */
    private final double[] singleCost;
    private final Map<Key, Double> columns = new HashMap<>();
    private int rounds;
    private boolean converged;

    private record Key(int[] members) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(members, k.members);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(members);
        }
    }

    /** The relaxation over the demands {@code subset} (indices into the problem's demands) alone. */
    private ColumnGenerationBound(PlanningProblem problem, int[] subset) {
        this.problem = problem;
        this.n = subset.length;
        double g = LowerBound.leastGramsPerJoule(problem, LowerBound.horizonS(problem));
        double e = problem.embodiedGramsPerSecond;
        boolean shareAccounting = problem.request.accounting() == EmbodiedAccounting.RESOURCE_SHARE;
        boolean tune = problem.request.tuneClocks();
        int clocks = problem.clocks.length;
        List<MigProfile> profiles = problem.layouts == null ? List.of() : problem.layouts.profiles;
        this.profileCount = profiles.size();
        Map<ModelPlacement, double[]> own = new HashMap<>();
        boolean[] used = new boolean[profileCount];
        double[] rawWhole = new double[n];
        double[] rawSingle = new double[n];
        Arrays.fill(rawWhole, Double.POSITIVE_INFINITY);
        Arrays.fill(rawSingle, Double.POSITIVE_INFINITY);
        double[] rawArea = new double[n];
        Arrays.fill(rawArea, Double.POSITIVE_INFINITY);
        List<List<double[]>> items = new ArrayList<>();
        for (int c = 0; c < clocks; c++) {
            items.add(new ArrayList<>());
        }
        double[] rate = new double[clocks];
        for (int c = 0; c < clocks; c++) {
            rate[c] = g * problem.baselineWatts[c] + (shareAccounting ? 0 : e);
        }
        for (int local = 0; local < n; local++) {
            PlanningProblem.Demand d = problem.demands[subset[local]];
            for (PlanningProblem.Size s : d.sizes) {
                long allowed = s.okMask();
                if (!tune) {
                    // The GPU runs at the highest clock all its members have data at: no higher than this one's.
                    long highest = Long.highestOneBit(s.dataMask());
                    allowed &= highest | (highest - 1);
                }
                for (long bits = allowed; bits != 0; bits &= bits - 1) {
                    int c = Long.numberOfTrailingZeros(bits);
                    double t = s.completion(c);
                    double energy = g * s.busy(c) * t * LowerBound.floorWatts(problem, s, c, own);
                    if (s.whole()) {
                        double cost = (e + g * problem.baselineWatts[c]) * t + energy;
                        rawWhole[local] = Math.min(rawWhole[local], cost);
                        rawSingle[local] = Math.min(rawSingle[local], cost);
                        rawArea[local] = Math.min(rawArea[local], cost);
                        continue;
                    }
                    double own1 = energy + (shareAccounting ? e * Math.min(1.0, s.slices / (double) problem.gpuSlices)
                            * t : 0);
                    int q = Long.numberOfTrailingZeros(s.unit) / 4;
                    used[q] = true;
                    items.get(c).add(new double[]{local, q, t, own1});
                    rawSingle[local] = Math.min(rawSingle[local], rate[c] * t + own1);
                    rawArea[local] = Math.min(rawArea[local], rate[c] * t * s.slices / problem.gpuSlices + own1);
                }
            }
        }
        double sum = 0;
        for (double v : rawSingle) {
            sum += v;
        }
        // Costs in units of the mean single-GPU cost keep the LP's numbers near 1 whatever the fleet's size.
        this.scale = sum > 0 && Double.isFinite(sum) ? n / sum : 1;
        this.areaGrams = rawArea;
        this.wholeCost = new double[n];
        this.singleCost = new double[n];
        for (int k = 0; k < n; k++) {
            wholeCost[k] = rawWhole[k] * scale;
            singleCost[k] = rawSingle[k] * scale;
        }
        this.makespanRate = new double[clocks];
        this.itemDemand = new int[clocks][];
        this.itemProfile = new int[clocks][];
        this.itemT = new double[clocks][];
        this.itemCost = new double[clocks][];
        for (int c = 0; c < clocks; c++) {
            makespanRate[c] = rate[c] * scale;
            List<double[]> list = items.get(c);
            list.sort((a, b) -> Double.compare(a[2], b[2]));
            int m = list.size();
            itemDemand[c] = new int[m];
            itemProfile[c] = new int[m];
            itemT[c] = new double[m];
            itemCost[c] = new double[m];
            for (int i = 0; i < m; i++) {
                double[] it = list.get(i);
                itemDemand[c][i] = (int) it[0];
                itemProfile[c][i] = (int) it[1];
                itemT[c][i] = it[2];
                itemCost[c][i] = it[3] * scale;
            }
        }
        this.multisets = maximalMultisets(problem, used);
    }

    /** The maximal multisets over the profiles in {@code used}, each as one profile index per instance. */
    private static int[][] maximalMultisets(PlanningProblem problem, boolean[] used) {
        if (problem.layouts == null) {
            return new int[0][];
        }
        List<int[]> out = new ArrayList<>();
        int p = used.length;
        for (long key : problem.layouts.multisets()) {
            if (key == 0) {
                continue;
            }
            boolean ok = true;
            List<Integer> slots = new ArrayList<>();
            for (int q = 0; q < 16 && ok; q++) {
                int count = (int) ((key >>> (4 * q)) & 15);
                if (count > 0 && (q >= p || !used[q])) {
                    ok = false;
                }
                for (int i = 0; i < count; i++) {
                    slots.add(q);
                }
            }
            if (!ok) {
                continue;
            }
            boolean maximal = true;
            for (int q = 0; q < p && maximal; q++) {
                if (used[q] && problem.layouts.feasible(key + (1L << (4 * q)))) {
                    maximal = false;
                }
            }
            if (maximal) {
                out.add(slots.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out.toArray(new int[0][]);
    }

    /**
     * The bound of {@code problem}. Up to {@link #CHUNK} demands, column generation over them all; above, the duals of
     * each of a round-robin split into chunks of at most {@link #CHUNK} demands (each a representative sample of the
     * fleet, whose duals price the others' demands alike), certified together by exact pricing over the whole fleet.
     *
     * @return the bound, or null if no dual could be certified
     */
    static PlanBound of(PlanningProblem problem) {
        return of(problem, CHUNK);
    }

    /** As {@link #of(PlanningProblem)} with at most {@code chunk} demands per LP. */
    static PlanBound of(PlanningProblem problem, int chunk) {
        int n = problem.demands.length;
        int[] all = new int[n];
        for (int k = 0; k < n; k++) {
            all[k] = k;
        }
        ColumnGenerationBound whole = new ColumnGenerationBound(problem, all);
        if (n <= chunk) {
            double[] pi = whole.duals();
            return whole.certify(pi, whole.converged ? "the LP optimum" : "stopped at the round limit");
        }
        int chunks = (n + chunk - 1) / chunk;
        double[] pi = new double[n];
        int rounds = 0;
        int columns = 0;
        int converged = 0;
        for (int j = 0; j < chunks; j++) {
            int size = (n - j + chunks - 1) / chunks;
            int[] subset = new int[size];
            for (int i = 0; i < size; i++) {
                subset[i] = j + i * chunks;
            }
            ColumnGenerationBound part = new ColumnGenerationBound(problem, subset);
            double[] local = part.duals();
            for (int i = 0; i < size; i++) {
                pi[subset[i]] = local[i];
            }
            rounds += part.rounds;
            columns += part.columns.size();
            converged += part.converged ? 1 : 0;
        }
        whole.rounds = rounds;
        whole.columnCount = columns;
        // Duals of separate chunks overprice some columns across chunks; mixing them with the area relaxation's
        // (feasible) duals, or lowering the overpriced ones, often certifies more. The best certificate is kept.
        PlanBound best = null;
        for (double alpha : new double[]{1, 0.9, 0.75, 0.5}) {
            double[] mix = new double[n];
            for (int k = 0; k < n; k++) {
                mix[k] = alpha * pi[k] + (1 - alpha) * whole.areaGrams[k];
            }
            PlanBound b = whole.certify(mix, String.format(Locale.ROOT, "the duals of %d chunks' LPs (%d of them solved"
                    + " to optimality), weighted %.2f against the area relaxation's, certified over the whole fleet",
                    chunks, converged, alpha));
            if (b != null && (best == null || b.carbonGrams() > best.carbonGrams())) {
                best = b;
            }
        }
        double[] repaired = pi.clone();
        int repairs = whole.repair(repaired);
        PlanBound b = whole.certify(repaired, String.format(Locale.ROOT, "the duals of %d chunks' LPs (%d of them"
                + " solved to optimality), repaired in %d pricing rounds and certified over the whole fleet", chunks,
                converged, repairs));
        if (b != null && (best == null || b.carbonGrams() > best.carbonGrams())) {
            best = b;
        }
        return best;
    }

    /** Pricing rounds that repair combined duals before Farley's bound takes the rest. */
    static final int REPAIR_ROUNDS = 60;

    /**
     * Lowers the duals of the members of every column the exact pricing finds violated (each clock and multiset's
     * most violated), in proportion to their share of it, until none is or {@link #REPAIR_ROUNDS} pass: duals of
     * separate chunks overprice some cross-chunk columns, and Farley's bound would scale every dual down for them.
     *
     * @return the rounds used
     */
    private int repair(double[] piGrams) {
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            pi[k] = Math.min(piGrams[k] * scale, singleCost[k]);
        }
        int round = 0;
        for (; round < REPAIR_ROUNDS; round++) {
            violated = new ArrayList<>();
            Pricing p = price(pi, false);
            List<int[]> found = violated;
            violated = null;
            if (p.minReducedCost >= 0 || found.isEmpty()) {
                break;
            }
            for (int j = 0; j < found.size(); j++) {
                int[] col = found.get(j);
                double sum = 0;
                for (int m = 1; m < col.length; m++) {
                    sum += pi[col[m]];
                }
                double excess = sum - violatedCost.get(j);
                if (excess > 0 && sum > 0) {
                    for (int m = 1; m < col.length; m++) {
                        pi[col[m]] -= excess * pi[col[m]] / sum;
                    }
                }
            }
        }
        for (int k = 0; k < n; k++) {
            piGrams[k] = Math.max(0, pi[k]) / scale;
        }
        return round;
    }

    private List<int[]> violated;
    private final List<Double> violatedCost = new ArrayList<>();

    /** Demands per LP: ojAlgo's dense simplex on a few hundred rows stays within seconds. */
    static final int CHUNK = 100;

    private int columnCount = -1;

    /** Column generation: the last duals, in grams per demand. */
    private double[] duals() {
        for (int k = 0; k < n; k++) {
            addColumn(new int[]{k}, singleCost[k]);
        }
        double[] pi = new double[n];
        for (rounds = 0; rounds < MAX_ROUNDS; rounds++) {
            double[] next = solveDual();
            if (next == null) {
                break;
            }
            pi = next;
            Pricing p = price(pi, true);
            if (p.added == 0) {
                converged = true;
                break;
            }
        }
        double[] grams = new double[n];
        for (int k = 0; k < n; k++) {
            grams[k] = pi[k] / scale;
        }
        return grams;
    }

    /**
     * Farley's bound of {@code piGrams}: {@code Σπ/θ} with {@code θ} the largest {@code π(S)/ℓ(S)} over every column
     * (at least 1), by Dinkelbach's iteration on the exact pricing; null if it does not settle.
     */
    private PlanBound certify(double[] piGrams, String how) {
        double theta = 1;
        for (int i = 0; i < 100; i++) {
            double[] scaled = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                scaled[k] = piGrams[k] * scale / theta;
                sum += scaled[k];
            }
            Pricing p = price(scaled, false);
            if (p.minReducedCost >= 0) {
                return bound(sum / scale, theta, how);
            }
            double ratio = p.bestPi / p.bestCost;
            theta = Math.max(theta * (1 + 1e-9), ratio * theta * (1 + 1e-12));
        }
        return null;
    }

    private PlanBound bound(double grams, double theta, String how) {
        // A relative margin keeps rounding in the evaluator (times to the nanosecond) from overtaking the bound.
        double value = Math.max(0, grams * (1 - 1e-9));
        return new PlanBound(value, METHOD, String.format(Locale.ROOT, "the LP relaxation of the set-partitioning"
                        + " formulation (columns: one GPU's demands, their MIG profiles in a valid layout and a clock,"
                        + " costed by a lower bound of their carbon), by column generation with ojAlgo's simplex:"
                        + " %s after %d rounds, %d columns, certified by exact pricing (Farley's bound, theta %.6f)",
                how, rounds, columnCount >= 0 ? columnCount : columns.size(), theta));
    }

    private void addColumn(int[] members, double cost) {
        Arrays.sort(members);
        columns.merge(new Key(members), cost, Math::min);
    }

    /** The dual LP over the columns so far: the most {@code Σ π_k} with no column's members above its cost. */
    private double[] solveDual() {
        ExpressionsBasedModel model = new ExpressionsBasedModel();
        Variable[] v = new Variable[n];
        for (int k = 0; k < n; k++) {
            v[k] = model.addVariable("pi" + k).lower(0).upper(singleCost[k]).weight(1);
        }
        int j = 0;
        for (Map.Entry<Key, Double> c : columns.entrySet()) {
            int[] members = c.getKey().members;
            if (members.length == 1) {
                continue;
            }
            Expression x = model.addExpression("c" + j++).upper(c.getValue());
            for (int k : members) {
                x.set(v[k], 1);
            }
        }
        Optimisation.Result r = model.maximise();
        if (!r.getState().isFeasible()) {
            return null;
        }
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            double value = r.doubleValue(k);
            // Any duals will do (the bound is certified by pricing); keep them finite, non-negative and capped.
            pi[k] = Double.isNaN(value) ? 0 : Math.max(0, Math.min(singleCost[k], value));
        }
        return pi;
    }

    /** The outcome of one pricing: the least reduced cost and its column, and how many columns were added. */
    private static final class Pricing {
        double minReducedCost = Double.POSITIVE_INFINITY;
        double bestPi;
        double bestCost;
        int added;
    }

    private static final double BIG = 1e30;

    /**
     * Exact pricing: the least {@code ℓ(S) − π(S)} over every column, adding (if {@code add}) each clock and
     * multiset's best column whose reduced cost is negative.
     */
    private Pricing price(double[] pi, boolean add) {
        Pricing out = new Pricing();
        double tolerance = 1e-9;
        // Whole-GPU columns hold one demand; the LP bounds each π_k by its least single-GPU cost already.
        for (int k = 0; k < n; k++) {
            consider(out, wholeCost[k] - pi[k], pi[k], wholeCost[k]);
        }
        int maxSlots = 0;
        for (int[] q : multisets) {
            maxSlots = Math.max(maxSlots, q.length);
        }
        int[][] topDemand = new int[profileCount][maxSlots];
        double[][] topValue = new double[profileCount][maxSlots];
        int[] topSize = new int[profileCount];
        int[] inQ = new int[profileCount];
        Matching matching = new Matching(maxSlots, profileCount * maxSlots);
        for (int c = 0; c < itemDemand.length; c++) {
            int[] dem = itemDemand[c];
            if (dem.length == 0) {
                continue;
            }
            int[] prof = itemProfile[c];
            double[] tt = itemT[c];
            double[] cost = itemCost[c];
            double rate = makespanRate[c];
            for (int[] slots : multisets) {
                int l = slots.length;
                Arrays.fill(inQ, 0);
                Arrays.fill(topSize, 0);
                for (int q : slots) {
                    inQ[q]++;
                }
                double w = 0;
                double bestF = Double.POSITIVE_INFINITY;
                int[] bestMembers = null;
                int[] bestProfiles = null;
                for (int i = 0; i < dem.length; i++) {
                    int q = prof[i];
                    if (inQ[q] == 0) {
                        continue;
                    }
                    double v = pi[dem[i]] - cost[i];
                    if (v <= 0) {
                        continue;
                    }
                    int size = topSize[q];
                    if (size == l && v <= topValue[q][l - 1]) {
                        continue;
                    }
                    // Insert into profile q's best-l list, kept in descending order.
                    int pos = size == l ? l - 1 : size;
                    while (pos > 0 && topValue[q][pos - 1] < v) {
                        topValue[q][pos] = topValue[q][pos - 1];
                        topDemand[q][pos] = topDemand[q][pos - 1];
                        pos--;
                    }
                    topValue[q][pos] = v;
                    topDemand[q][pos] = dem[i];
                    if (size < l) {
                        topSize[q] = size + 1;
                    }
                    double nw = matching.solve(slots, topDemand, topValue, topSize);
                    if (nw > w) {
                        w = nw;
                        double f = rate * tt[i] - w;
                        if (f < bestF) {
                            bestF = f;
                            bestMembers = matching.members();
                            bestProfiles = matching.profiles();
                        }
                    }
                }
                if (bestMembers == null) {
                    continue;
                }
                double piSum = 0;
                for (int k : bestMembers) {
                    piSum += pi[k];
                }
                double colCost = piSum + bestF;
                consider(out, bestF, piSum, colCost);
                if (violated != null && bestF < 0) {
                    if (violated.isEmpty()) {
                        violatedCost.clear();
                    }
                    int[] col = new int[bestMembers.length + 1];
                    System.arraycopy(bestMembers, 0, col, 1, bestMembers.length);
                    violated.add(col);
                    violatedCost.add(columnCost(c, bestMembers, bestProfiles));
                }
                if (add && bestF < -tolerance * Math.max(1, colCost)) {
                    // Store the column at its exact cost: the makespan term at its members' longest completion.
                    addColumn(bestMembers.clone(), columnCost(c, bestMembers, bestProfiles));
                    out.added++;
                }
            }
        }
        return out;
    }

    private static void consider(Pricing out, double rc, double piSum, double cost) {
        if (rc < out.minReducedCost) {
            out.minReducedCost = rc;
            out.bestPi = piSum;
            out.bestCost = cost;
        }
    }

    /** ℓ of the column of {@code members} at clock index {@code c}, each on its item's profile. */
    private double columnCost(int c, int[] members, int[] profiles) {
        double makespan = 0;
        double own = 0;
        for (int m = 0; m < members.length; m++) {
            int i = itemIndex(c, members[m], profiles[m]);
            makespan = Math.max(makespan, itemT[c][i]);
            own += itemCost[c][i];
        }
        return makespanRate[c] * makespan + own;
    }

    private int[][] itemIndex;

    /** The index of the item of demand {@code k} on profile {@code q} at clock index {@code c}. */
    private int itemIndex(int c, int k, int q) {
        if (itemIndex == null) {
            itemIndex = new int[itemDemand.length][];
        }
        if (itemIndex[c] == null) {
            int[] index = new int[n * profileCount];
            Arrays.fill(index, -1);
            for (int i = 0; i < itemDemand[c].length; i++) {
                index[itemDemand[c][i] * profileCount + itemProfile[c][i]] = i;
            }
            itemIndex[c] = index;
        }
        int i = itemIndex[c][k * profileCount + q];
        if (i < 0) {
            throw new IllegalStateException("no item for demand " + k + " on profile " + q + " at clock " + c);
        }
        return i;
    }

    /**
     * The most valuable assignment of distinct demands to a multiset's instances, each instance taking a demand from
     * its profile's best list or staying empty (value 0): the Hungarian method on at most 7 rows. Each profile's best
     * {@code l} demands suffice for an optimum, {@code l} the number of instances: an optimum placing a demand outside
     * its instance's list can swap it for one of that list left unused, as at most {@code l − 1} are used elsewhere.
     */
    static final class Matching {
        private final int[] candidates;
        private int count;
        private final double[][] cost;
        private final double[] u;
        private final double[] v;
        private final int[] p;
        private final int[] way;
        private final double[] minv;
        private final boolean[] used;
        private int[] rowDemand;
        private int[] rowProfile;

        Matching(int maxRows, int maxCandidates) {
            this.candidates = new int[maxCandidates];
            int cols = maxCandidates + maxRows + 1;
            this.cost = new double[maxRows + 1][cols];
            this.u = new double[maxRows + 1];
            this.v = new double[cols];
            this.p = new int[cols];
            this.way = new int[cols];
            this.minv = new double[cols];
            this.used = new boolean[cols];
        }

        /** @return the assignment's total value; {@link #members()} and {@link #profiles()} say what it is */
        double solve(int[] slots, int[][] topDemand, double[][] topValue, int[] topSize) {
            int rows = slots.length;
            count = 0;
            for (int q = 0; q < topSize.length; q++) {
                for (int i = 0; i < topSize[q]; i++) {
                    int d = topDemand[q][i];
                    boolean seen = false;
                    for (int j = 0; j < count; j++) {
                        if (candidates[j] == d) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) {
                        candidates[count++] = d;
                    }
                }
            }
            int cols = count + rows;
            for (int i = 1; i <= rows; i++) {
                int q = slots[i - 1];
                double[] row = cost[i];
                Arrays.fill(row, 1, cols + 1, BIG);
                for (int t = 0; t < topSize[q]; t++) {
                    int d = topDemand[q][t];
                    for (int j = 0; j < count; j++) {
                        if (candidates[j] == d) {
                            row[j + 1] = -topValue[q][t];
                            break;
                        }
                    }
                }
                // The empty instance: one dummy column per row, free to any row.
                for (int j = count + 1; j <= cols; j++) {
                    row[j] = 0;
                }
            }
            Arrays.fill(u, 0, rows + 1, 0);
            Arrays.fill(v, 0, cols + 1, 0);
            Arrays.fill(p, 0, cols + 1, 0);
            for (int i = 1; i <= rows; i++) {
                p[0] = i;
                int j0 = 0;
                Arrays.fill(minv, 0, cols + 1, Double.POSITIVE_INFINITY);
                Arrays.fill(used, 0, cols + 1, false);
                do {
                    used[j0] = true;
                    int i0 = p[j0];
                    double delta = Double.POSITIVE_INFINITY;
                    int j1 = 0;
                    for (int j = 1; j <= cols; j++) {
                        if (!used[j]) {
                            double cur = cost[i0][j] - u[i0] - v[j];
                            if (cur < minv[j]) {
                                minv[j] = cur;
                                way[j] = j0;
                            }
                            if (minv[j] < delta) {
                                delta = minv[j];
                                j1 = j;
                            }
                        }
                    }
                    for (int j = 0; j <= cols; j++) {
                        if (used[j]) {
                            u[p[j]] += delta;
                            v[j] -= delta;
                        } else {
                            minv[j] -= delta;
                        }
                    }
                    j0 = j1;
                } while (p[j0] != 0);
                do {
                    int j1 = way[j0];
                    p[j0] = p[j1];
                    j0 = j1;
                } while (j0 != 0);
            }
            double total = 0;
            int assigned = 0;
            int[] rd = new int[rows];
            int[] rp = new int[rows];
            for (int j = 1; j <= count; j++) {
                if (p[j] != 0) {
                    double c = cost[p[j]][j];
                    if (c < 0) {
                        total -= c;
                        rd[assigned] = candidates[j - 1];
                        rp[assigned] = slots[p[j] - 1];
                        assigned++;
                    }
                }
            }
            rowDemand = Arrays.copyOf(rd, assigned);
            rowProfile = Arrays.copyOf(rp, assigned);
            return total;
        }

        /** @return the demands of the last assignment */
        int[] members() {
            return rowDemand.clone();
        }

        /** @return the profile index of each of {@link #members()} */
        int[] profiles() {
            return rowProfile.clone();
        }
    }
}
