package dev.greenslice.estimators.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileCsvTest {

    private static final String HEADER =
            "model,batch_size,mig_slices,frequency,avg_power_draw,dynamic_power_draw,throughput,latency\n";

    private static ModelProfiles read(String text) {
        return ProfileCsv.readProfiles(new StringReader(text), "p.csv", null);
    }

    private static ProfileFormatException failure(String text) {
        return assertThrows(ProfileFormatException.class, () -> read(text));
    }

    @Test
    void readsRowsIntoProfilesPerModel() {
        ModelProfiles ps = read(HEADER
                + "gpt,1,7,1410,174.3,101.5,0.22,4526.9\n"
                + "gpt,1,3,1410,149.6,76.8,0.19,5129.4\n"
                + "\n# a comment\n"
                + "vgg11,32,7,210,60.0,15.2,400.0,80.0\n");
        assertEquals(List.of("gpt", "vgg11"), ps.models());
        ModelProfile gpt = ps.profile("gpt");
        assertEquals(2, gpt.size());
        ProfilePoint p = gpt.require(1, 3, 1410);
        assertEquals(76.8, p.dynamicPower().watts(), 1e-12);
        assertEquals(5129.4, p.latencyMs(), 1e-12);
        assertEquals(0.19, p.requestsPerSecond(), 1e-12);
        assertEquals(ProfilePoint.Origin.MEASURED, p.origin());
    }

    @Test
    void missingColumnsAreNamedWithTheHeaderFound() {
        ProfileFormatException e = failure("model,batch_size,frequency,dynamic_power_draw,latency\ngpt,1,1410,10,5\n");
        assertTrue(e.getMessage().contains("mig_slices"), e.getMessage());
        assertTrue(e.getMessage().contains("throughput"), e.getMessage());
        assertTrue(e.getMessage().contains("header is model,batch_size,frequency"), e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void malformedRowNamesFileLineAndColumn() {
        ProfileFormatException e = failure(HEADER + "gpt,1,7,1410,174.3,101.5,0.22,4526.9\ngpt,1,3,fast,1,1,1,1\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("p.csv line 3: column frequency is 'fast'"), e.getMessage());
    }

    @Test
    void wrongFieldCountIsReported() {
        ProfileFormatException e = failure(HEADER + "gpt,1,7,1410,174.3\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("has 5 fields but the header has 8"), e.getMessage());
    }

    @Test
    void nonPositiveValuesAreRejected() {
        assertTrue(failure(HEADER + "gpt,1,7,1410,174.3,-3,0.22,4526.9\n").getMessage()
                .contains("column dynamic_power_draw is -3; it must be positive"));
        assertTrue(failure(HEADER + "gpt,1,7,1410,174.3,3,0.22,0\n").getMessage()
                .contains("column latency is 0; it must be positive"));
        assertTrue(failure(HEADER + "gpt,0,7,1410,174.3,3,0.22,1\n").getMessage()
                .contains("column batch_size is 0"));
        assertTrue(failure(HEADER + "gpt,1.5,7,1410,174.3,3,0.22,1\n").getMessage()
                .contains("whole number"));
        assertTrue(failure(HEADER + "gpt,1,7,1410,174.3,NaN,0.22,1\n").getMessage()
                .contains("finite number"));
    }

    @Test
    void duplicateKeysNameBothLines() {
        ProfileFormatException e = failure(HEADER
                + "gpt,1,7,1410,174.3,101.5,0.22,4526.9\n"
                + "gpt,1,3,1410,149.6,76.8,0.19,5129.4\n"
                + "gpt,1,7,1410.0,170,100,0.22,4500\n");
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("duplicates line 2"), e.getMessage());
    }

    @Test
    void emptyFileAndHeaderOnlyAreErrors() {
        assertTrue(failure("").getMessage().contains("is empty"));
        assertTrue(failure(HEADER).getMessage().contains("no data rows"));
    }

    @Test
    void boardPowerOnlyNeedsTheDevice() {
        String text = "model,batch_size,mig_slices,frequency,avg_power_draw,throughput,latency\n"
                + "gpt,1,7,1410,174.3,0.22,4526.9\n";
        ProfileFormatException e = failure(text);
        assertTrue(e.getMessage().contains("readProfiles with a DevicePowerProfile"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "a library message names no command-line flag: " + e.getMessage());
        DevicePowerProfile device = EnerTuneA100.devicePower();
        ModelProfiles ps = ProfileCsv.readProfiles(new StringReader(text), "p.csv", device);
        assertEquals(174.3 - device.baseline(1410).watts(), ps.profile("gpt").require(1, 7, 1410).dynamicPower().watts(), 1e-9);
        ProfileFormatException below = assertThrows(ProfileFormatException.class, () -> ProfileCsv.readProfiles(
                new StringReader("model,batch_size,mig_slices,frequency,avg_power_draw,throughput,latency\n"
                        + "gpt,1,7,1410,50,0.22,4526.9\n"), "p.csv", device));
        assertTrue(below.getMessage().contains("not above the device baseline"), below.getMessage());
    }

    @Test
    void memoryColumnSetsTheNeedAndMustAgreePerModel() {
        String h = "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency,memory_gb\n";
        ModelProfiles ps = read(h + "gpt,1,7,1410,101.5,0.22,4526.9,14\ngpt,1,3,1410,76.8,0.19,5129.4,\n");
        assertEquals(14.0, ps.profile("gpt").memoryNeedGb().getAsDouble());
        assertTrue(failure(h + "gpt,1,7,1410,101.5,0.22,4526.9,14\ngpt,1,3,1410,76.8,0.19,5129.4,15\n")
                .getMessage().contains("a model has one memory need"));
    }

    @Test
    void devicePowerFileIsValidated() {
        String h = "frequency_mhz,static_power_w,fan_power_w,idle_power_w\n";
        DevicePowerProfile d = ProfileCsv.readDevicePower(new StringReader(h + "210,22,20.4,1.39\n1410,44.7,20.4,8.3\n"),
                "d.csv", "A100");
        assertEquals(44.7 + 20.4 + 8.3, d.baseline(1410).watts(), 1e-9);
        assertEquals(List.of(210, 1410), d.clocksMhz());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> d.baseline(999));
        assertTrue(unknown.getMessage().contains("[210, 1410]"), unknown.getMessage());
        ProfileFormatException dup = assertThrows(ProfileFormatException.class, () -> ProfileCsv.readDevicePower(
                new StringReader(h + "210,22,20.4,1.39\n210,22,20.4,1.39\n"), "d.csv", "A100"));
        assertTrue(dup.getMessage().contains("d.csv line 3: duplicates line 2"), dup.getMessage());
        ProfileFormatException neg = assertThrows(ProfileFormatException.class, () -> ProfileCsv.readDevicePower(
                new StringReader(h + "210,22,-1,1.39\n"), "d.csv", "A100"));
        assertTrue(neg.getMessage().contains("fan_power_w is -1; it must not be negative"), neg.getMessage());
    }

    @Test
    void queriesIgnoreExtraColumns() {
        List<ProfileQuery> q = ProfileCsv.readQueries(new StringReader(HEADER + "gpt,1,7,1410,174.3,101.5,0.22,4526.9\n"),
                "q.csv");
        assertEquals(List.of(new ProfileQuery("gpt", ProfileKey.of(1, 7, 1410))), q);
    }

    @Test
    void missingAndUnreadableFilesSayWhatToDo(@TempDir Path dir) throws Exception {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> ProfileCsv.readProfiles(dir.resolve("nope.csv")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path locked = Files.writeString(dir.resolve("locked.csv"), HEADER);
        if (locked.toFile().setReadable(false) && !Files.isReadable(locked)) {
            UncheckedIOException denied = assertThrows(UncheckedIOException.class, () -> ProfileCsv.readProfiles(locked));
            assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        }
    }

    @Test
    void writtenProfilesReadBackIdentically() throws Exception {
        ModelProfiles ps = EnerTuneA100.profiles();
        StringWriter w = new StringWriter();
        ProfileCsv.writeProfiles(ps, EnerTuneA100.devicePower(), w);
        ModelProfiles back = ProfileCsv.readProfiles(new StringReader(w.toString()), "back.csv", null);
        assertEquals(ps.models(), back.models());
        for (ModelProfile p : ps) {
            assertEquals(p.points().size(), back.profile(p.model()).points().size());
            for (ProfilePoint pt : p.points()) {
                ProfilePoint b = back.profile(p.model()).require(pt.batchSize(), pt.slices(), pt.clockMhz());
                assertEquals(pt.dynamicPower().watts(), b.dynamicPower().watts(), 1e-9);
                assertEquals(pt.latencyMs(), b.latencyMs(), 1e-9);
            }
        }
    }

    @Test
    void namesThatWouldInjectRowsOrFormulasAreRefusedBeforeAnythingIsWritten() throws Exception {
        ModelProfile gpt = EnerTuneA100.profiles().profile("gpt");
        for (String bad : List.of("gpt\nresnet50,1,1,1410,1,1,1", "a,b", "a\"b", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)",
                "# hidden", " gpt", "a\rb", "a\u2028b")) {
            ModelProfiles ps = ModelProfiles.of(List.of(ModelProfile.of(bad, gpt.points(), "test")), "test");
            StringWriter w = new StringWriter();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProfileCsv.writeProfiles(ps, null, w), bad);
            assertTrue(e.getMessage().contains("cannot be written as one CSV field"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertEquals("", w.toString(), "nothing half-written");
        }
        ModelProfiles fine = ModelProfiles.of(List.of(ModelProfile.of("bert base_v1.2", gpt.points(), "test")), "test");
        StringWriter w = new StringWriter();
        ProfileCsv.writeProfiles(fine, null, w);
        assertEquals(List.of("bert base_v1.2"), List.copyOf(ProfileCsv.readProfiles(new StringReader(w.toString()),
                "back.csv", null).models()));
    }

    @Test
    void theEmbeddedFileReadFromDiskInfersTheSameMemoryNeedsAsTheEmbeddedCopy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model_datastore.csv");
        try (var in = EnerTuneA100.class.getResourceAsStream(EnerTuneA100.RESOURCE_DIR + "model_datastore.csv")) {
            Files.copy(in, file);
        }
        ModelProfiles fromFile = ProfileCsv.readProfiles(file, EnerTuneA100.devicePower());
        for (ModelProfile embedded : EnerTuneA100.profiles()) {
            ModelProfile read = fromFile.profile(embedded.model());
            assertEquals(embedded.memoryNeedGb(), read.memoryNeedGb(), embedded.model());
            assertTrue(read.isMemoryNeedInferred() && embedded.isMemoryNeedInferred(), embedded.model());
        }
        // A memory_gb column wins and is not labelled inferred.
        ModelProfiles given = ProfileCsv.readProfiles(new StringReader(
                "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency,memory_gb\n"
                        + "tiny,1,1,1410,10,100,10,3.5\ntiny,1,7,1410,40,500,2,3.5\n"), "t.csv", EnerTuneA100.devicePower());
        assertEquals(3.5, given.profile("tiny").memoryNeedGb().getAsDouble(), 0.0);
        assertTrue(!given.profile("tiny").isMemoryNeedInferred());
        // Without a device (no GPU known) nothing is inferred here; the planner infers from its GPU's table.
        ModelProfiles bare = ProfileCsv.readProfiles(new StringReader(
                "model,batch_size,mig_slices,frequency,dynamic_power_draw,throughput,latency\n"
                        + "tiny,1,2,1410,10,100,10\n"), "t.csv", null);
        assertTrue(bare.profile("tiny").memoryNeedGb().isEmpty());
        assertEquals(20.0, bare.profile("tiny").withMemoryNeedInferredFrom(
                dev.greenslice.carbon.gpu.GpuCatalog.A100_PCIE_80GB.mig()).memoryNeedGb().getAsDouble(), 0.0);
    }
}
