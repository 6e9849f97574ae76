package dev.greenslice.carbon.meter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Shares each sample interval's energy among the windows open in it ({@link Attribution#SHARED_BY_OVERLAP}), as an
 * exact sweep over the interval's boundaries: the samples at its ends and every window edge inside it.
 *
 * <p>Inside an interval the cumulative energy is interpolated linearly, as {@link Attribution#DEVICE_TOTAL} does,
 * so each piece between two consecutive boundaries has the energy {@code ΔE × length / interval}; a piece is
 * split equally among the windows open in it that cover the domain, and a piece with no such window is
 * unattributed. A window's share of a domain is then {@code ΔE / interval × ∫ dt / n(t)} over its time in the
 * interval, where {@code n(t)} counts the windows covering the domain at {@code t}: never more than its
 * device-total figure, and the shares plus the unattributed energy add up to {@code ΔE} (to rounding), whatever
 * the windows do. The integral {@code ∫ dt / n} depends on the domain only through which windows cover it, so it
 * is computed once per distinct set of scopes.
 *
 * <p>Threading: {@link #announce} is lock-free (any thread); everything else runs under the meter's sample lock.
 */
final class SharedAttribution {

    private final MeterCore core;
    private final int n;
    /** Windows announced since the last interval; drained into {@link #active} under the sample lock. */
    private final ConcurrentLinkedQueue<SharedWindow> inbox = new ConcurrentLinkedQueue<>();
    /** Windows that may still be open in a later interval. */
    private final List<SharedWindow> active = new ArrayList<>();
    // Scratch space, reused from one interval to the next.
    private SharedWindow[] touching = new SharedWindow[16];
    private long[] lo = new long[16];
    private long[] hi = new long[16];
    private int[] loIdx = new int[16];
    private int[] hiIdx = new int[16];
    private long[] points = new long[34];

    SharedAttribution(MeterCore core, int domains) {
        this.core = core;
        this.n = domains;
    }

    /** A sampled-mode window announces itself before reading its start; lock-free. */
    void announce(SharedWindow w) {
        inbox.add(w);
    }

    /** A synchronous-mode window registers under the sample lock, starting at the latest sample. */
    void addLocked(SharedWindow w) {
        active.add(w);
    }

    /**
     * Shares out the interval from {@code prev} to {@code cur}. Called under the sample lock, once per published
     * interval, in order.
     *
     * @return per domain, the energy of the interval no window was charged, in joules; NaN where the interval
     *         has no energy figure (a domain unreadable at either end or its series broken)
     */
    double[] distribute(Sample prev, Sample cur) {
        long a = prev.nanos;
        long b = cur.nanos;
        SharedWindow polled;
        while ((polled = inbox.poll()) != null) {
            active.add(polled);
        }
        double[] delta = new double[n];
        for (int d = 0; d < n; d++) {
            boolean valid = prev.available(d) && cur.available(d) && prev.epochs[d] == cur.epochs[d];
            delta[d] = valid ? Math.max(0.0, cur.joules[d] - prev.joules[d]) : Double.NaN;
        }
        // Clip every window to [a, b]; drop the ones that end by b once this interval is shared out.
        int k = 0;
        int keep = 0;
        List<SharedWindow> finishing = null;
        for (int i = 0; i < active.size(); i++) {
            SharedWindow w = active.get(i);
            if (w.attributionDone) {
                continue; // closed synchronously at an earlier sample: nothing after it to share
            }
            long s = w.awaitStart();
            long e = w.awaitEndOrOpen();
            long l = Math.max(s, a);
            long h = Math.min(e, b);
            if (h > l) {
                ensure(k + 1);
                touching[k] = w;
                lo[k] = l;
                hi[k] = h;
                k++;
            }
            if (e <= b) {
                if (finishing == null) {
                    finishing = new ArrayList<>();
                }
                finishing.add(w);
            } else {
                active.set(keep++, w);
            }
        }
        active.subList(keep, active.size()).clear();

        double[] unattributed = new double[n];
        if (k == 0 || b <= a) {
            // No window open in the interval (or an interval of no time, which no window can be open in).
            System.arraycopy(delta, 0, unattributed, 0, n);
        } else {
            share(prev, cur, k, delta, unattributed);
        }
        for (int j = 0; j < k; j++) {
            touching[j] = null;
        }
        if (finishing != null) {
            for (SharedWindow w : finishing) {
                w.attributionDone = true; // publishes the shares written above
            }
        }
        return unattributed;
    }

    private void share(Sample prev, Sample cur, int k, double[] delta, double[] unattributed) {
        long a = prev.nanos;
        long b = cur.nanos;
        // The boundaries: interval ends and window edges, sorted and without duplicates.
        int np = 0;
        points[np++] = a;
        points[np++] = b;
        for (int j = 0; j < k; j++) {
            points[np++] = lo[j];
            points[np++] = hi[j];
        }
        Arrays.sort(points, 0, np);
        int m = 0;
        for (int i = 1; i < np; i++) {
            if (points[i] != points[m]) {
                points[++m] = points[i];
            }
        }
        // points[0..m] are the boundaries; pieces are [points[i], points[i+1]).
        for (int j = 0; j < k; j++) {
            loIdx[j] = Arrays.binarySearch(points, 0, m + 1, lo[j]);
            hiIdx[j] = Arrays.binarySearch(points, 0, m + 1, hi[j]);
        }
        // Distinct scopes (by identity: windows of one view share its scope array).
        List<boolean[]> scopes = new ArrayList<>(2);
        int[] scopeOf = new int[k];
        for (int j = 0; j < k; j++) {
            boolean[] sc = touching[j].scope;
            int idx = -1;
            for (int q = 0; q < scopes.size(); q++) {
                if (scopes.get(q) == sc) {
                    idx = q;
                    break;
                }
            }
            if (idx < 0) {
                idx = scopes.size();
                scopes.add(sc);
            }
            scopeOf[j] = idx;
        }
        double interval = b - a;
        Map<Object, Sweep> bySignature = new HashMap<>();
        Sweep[] perDomain = new Sweep[n + 1];
        for (int d = 0; d <= n; d++) {
            // Which scopes cover the domain (all of them for the device-time of the host, index n).
            Object signature;
            if (d == n) {
                signature = "host";
            } else if (scopes.size() <= 64) {
                long bits = 0;
                for (int q = 0; q < scopes.size(); q++) {
                    if (scopes.get(q)[d]) {
                        bits |= 1L << q;
                    }
                }
                signature = bits;
            } else {
                signature = d; // too many views to share sweeps: one per domain
            }
            Sweep sw = bySignature.get(signature);
            if (sw == null) {
                sw = sweep(d, k, m, scopeOf, scopes);
                bySignature.put(signature, sw);
            }
            perDomain[d] = sw;
        }
        for (int d = 0; d < n; d++) {
            unattributed[d] = delta[d] * (perDomain[d].idleNanos / interval);
        }
        for (int j = 0; j < k; j++) {
            SharedWindow w = touching[j];
            boolean[] sc = w.scope;
            for (int d = 0; d < n; d++) {
                if (!sc[d]) {
                    continue;
                }
                double[] g = perDomain[d].perWindowNanos;
                double t = g[hiIdx[j]] - g[loIdx[j]];
                w.attributedTime[d] += t;
                if (!Double.isNaN(delta[d])) {
                    w.attributed[d] += delta[d] * (t / interval);
                } else if (w.attributionFailure[d] == null) {
                    w.attributionFailure[d] = failure(d, prev, cur);
                }
            }
            double[] g = perDomain[n].perWindowNanos;
            w.attributedTime[n] += g[hiIdx[j]] - g[loIdx[j]];
        }
    }

    /** For one domain: cumulative {@code ∫ dt / n(t)} at each boundary, and the time no covering window was open. */
    private record Sweep(double[] perWindowNanos, long idleNanos) {
    }

    private Sweep sweep(int d, int k, int m, int[] scopeOf, List<boolean[]> scopes) {
        int[] diff = new int[m + 1];
        for (int j = 0; j < k; j++) {
            if (d == n || scopes.get(scopeOf[j])[d]) {
                diff[loIdx[j]]++;
                diff[hiIdx[j]]--;
            }
        }
        double[] g = new double[m + 1];
        long idle = 0;
        int open = 0;
        for (int i = 0; i < m; i++) {
            open += diff[i];
            long len = points[i + 1] - points[i];
            if (open > 0) {
                g[i + 1] = g[i] + len / (double) open;
            } else {
                g[i + 1] = g[i];
                idle += len;
            }
        }
        return new Sweep(g, idle);
    }

    private String failure(int d, Sample prev, Sample cur) {
        String why = cur.failures[d] != null ? cur.failures[d] : prev.failures[d];
        return why != null ? why : core.seriesBreakReason(d);
    }

    private void ensure(int k) {
        if (k > touching.length) {
            int c = Math.max(k, touching.length * 2);
            touching = Arrays.copyOf(touching, c);
            lo = Arrays.copyOf(lo, c);
            hi = Arrays.copyOf(hi, c);
            loIdx = Arrays.copyOf(loIdx, c);
            hiIdx = Arrays.copyOf(hiIdx, c);
            points = Arrays.copyOf(points, 2 * c + 2);
        }
    }
}
