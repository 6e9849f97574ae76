package dev.greenslice.estimators.tune.online;

import dev.greenslice.carbon.CarbonIntensity;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Probes every candidate, highest clock first. */
final class ExhaustiveSearch implements ClockSearch {

    @Override
    public String name() {
        return "exhaustive sweep";
    }

    @Override
    public int maxProbes(int candidates) {
        return candidates;
    }

    @Override
    public Session start(List<Integer> clocksMhz, CarbonIntensity reference) {
        List<Integer> order = new ArrayList<>(Candidates.check(clocksMhz));
        java.util.Collections.reverse(order);
        return new Session() {
            private int next;

            @Override
            public OptionalInt next() {
                return next < order.size() ? OptionalInt.of(order.get(next)) : OptionalInt.empty();
            }

            @Override
            public void observe(ProbePoint point) {
                if (next >= order.size() || point.clockMhz() != order.get(next)) {
                    throw new IllegalStateException("Observed a probe at " + point.clockMhz()
                            + " MHz; the sweep asked for " + next());
                }
                next++;
            }
        };
    }
}
