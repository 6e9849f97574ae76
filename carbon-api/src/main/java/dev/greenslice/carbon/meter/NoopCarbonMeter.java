package dev.greenslice.carbon.meter;

import dev.greenslice.carbon.Energy;
import dev.greenslice.carbon.sensor.SensorDomain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The meter that measures nothing, for code paths where metering is switched off. */
enum NoopCarbonMeter implements CarbonMeter {
    INSTANCE;

    @Override
    public Measurement start(String label) {
        return new NoopMeasurement(label);
    }

    @Override
    public CarbonMeter forDomains(String... domainIds) {
        return this;
    }

    @Override
    public List<SensorDomain> domains() {
        return List.of();
    }

    @Override
    public MeterTotals totals() {
        return new MeterTotals(Instant.EPOCH, Duration.ZERO, List.of(), Energy.ZERO, Optional.empty(), Optional.empty(),
                List.of(), List.of("no-op meter: nothing was measured"));
    }

    @Override
    public void sampleNow() {
    }

    @Override
    public void close() {
    }

    private static final class NoopMeasurement implements Measurement {
        private final String label;
        private volatile boolean closed;

        NoopMeasurement(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Measurement count(long units, String unit) {
            java.util.Objects.requireNonNull(unit, "unit");
            if (units < 0) {
                throw new IllegalArgumentException("A functional unit count must be >= 0, got " + units + " " + unit);
            }
            return this; // measures nothing, so there is nothing to divide
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public CarbonReport report() {
            if (!closed) {
                throw new IllegalStateException("Window '" + label + "' is still open; close it before asking for its report");
            }
            return new CarbonReport(label, Instant.EPOCH, Instant.EPOCH, Duration.ZERO, "no-op meter",
                    Attribution.DEVICE_TOTAL, List.of(), Energy.ZERO, false, Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty(), Optional.empty(), List.of(),
                    List.of("no-op meter: nothing was measured"));
        }
    }
}
