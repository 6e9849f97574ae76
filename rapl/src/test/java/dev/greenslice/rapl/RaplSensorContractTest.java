package dev.greenslice.rapl;

import dev.greenslice.test.rapl.FakePowercapTree;
import dev.greenslice.carbon.MockClock;
import dev.greenslice.carbon.sensor.EnergySensor;
import dev.greenslice.test.sensor.EnergySensorContract;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/** The sensor contract kit, run against a RAPL sensor on a fake two-socket server tree. */
class RaplSensorContractTest extends EnergySensorContract {

    @TempDir
    Path dir;

    private final Map<EnergySensor, FakePowercapTree> trees = new IdentityHashMap<>();
    private final MockClock clock = new MockClock();

    @Override
    protected EnergySensor createSensor() {
        try {
            FakePowercapTree tree = FakePowercapTree.twoSocketServer(Files.createTempDirectory(dir, "tree"));
            RaplSensor sensor = RaplSensor.builder().backends(RaplBackend.POWERCAP).powercapRoot(tree.powercapRoot())
                    .clock(clock).build();
            trees.put(sensor, tree);
            return sensor;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RaplUnavailableException e) {
            throw new AssertionError(e);
        }
    }

    /** 50 ms at 120 W on package 0, 80 W on package 1, 9 W of DRAM each and 300 W of psys. */
    @Override
    protected void generateActivity(EnergySensor sensor) {
        clock.advance(Duration.ofMillis(50));
        FakePowercapTree tree = trees.get(sensor);
        tree.zone("intel-rapl:0").addJoules(6.0);
        tree.zone("intel-rapl:1").addJoules(4.0);
        tree.zone("intel-rapl:0:0").addJoules(0.45);
        tree.zone("intel-rapl:1:0").addJoules(0.45);
        tree.zone("intel-rapl:2").addJoules(15.0);
    }

    @Override
    protected boolean energyAdvancesWithActivity() {
        return true;
    }
}
