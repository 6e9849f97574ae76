package dev.greenslice.samples.cli;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Under a JFR recording, {@code meter -- CMD} records one {@code dev.greenslice.EnergyWindow} for the command. */
class MeterJfrCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCommandsWindowIsOneEvent() throws Exception {
        Path file = dir.resolve("r.jfr");
        CliRun run;
        try (Recording recording = new Recording()) {
            recording.enable("dev.greenslice.EnergyWindow");
            recording.start();
            run = CliRun.of("meter", "--json", "--intensity", "wind", "--", "sh", "-c", "exit 0");
            recording.stop();
            recording.dump(file);
        }
        assertEquals(0, run.exitCode(), run.err());
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("dev.greenslice.EnergyWindow")).toList();
        assertEquals(1, events.size(), events.toString());
        RecordedEvent e = events.get(0);
        assertEquals("sh -c exit 0", e.getString("label"));
        double reported = JsonOutput.MAPPER.readTree(run.out()).get("report").get("energyJoules").asDouble();
        assertEquals(reported, e.getDouble("energyJoules"), 0.0, "the event carries the report's figure");
        assertEquals(11.0, e.getDouble("intensityGramsPerKwh"), 0.0);
        assertTrue(e.getString("domains").contains("cpu:"), e.getString("domains"));
    }
}
