package dev.greenslice.samples.study;

import dev.greenslice.carbon.intensity.EnergySource;
import dev.greenslice.carbon.plan.ModelDemand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The study's report files under a hostile or full folder: links planted at the report's names are replaced, never
 * followed; a write that fails midway (a full disk, a 160 KiB tmpfs mounted for the test: needs root and mount, else
 * skipped) leaves nothing of this run behind.
 */
class ReportFilesTest {

    private static final String PLANTED = "a file the report must not overwrite\n";
    private static StudyResults results;
    private static List<String> findings;

    @BeforeAll
    static void runASmallStudy() {
        StudyGrid g = new StudyGrid(List.of(StudyGrid.WHISPER_GPT, StudyGrid.DIFFUSION_256_GPT),
                List.of(LoadPoint.closedLoop(), LoadPoint.poisson(0.25)), List.of(EnergySource.COAL, EnergySource.WIND),
                0.25, ModelDemand.DEFAULT_SLO_FACTOR);
        results = CoLocationStudy.embedded().run(g, l -> { });
        findings = StudyFindings.derive(results);
    }

    @Test
    void linksPlantedAtTheReportsNamesAreReplacedNotFollowed(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("report"));
        Path target = Files.writeString(tmp.resolve("target"), PLANTED);
        for (String name : List.of("summary.json", "index.html", "sharing-by-load.png")) {
            Files.createSymbolicLink(out.resolve(name), target);
        }
        StudyReport report = StudyReport.in(out);
        report.drawCharts(results);
        report.write(results, findings, Optional.empty());
        assertEquals(PLANTED, Files.readString(target), "the planted links' target is untouched");
        for (String name : List.of("summary.json", "index.html", "sharing-by-load.png")) {
            assertTrue(Files.isRegularFile(out.resolve(name), LinkOption.NOFOLLOW_LINKS), name);
        }
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"charts\""));
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void aFullDiskLeavesNothingOfThisRunAndSaysSo(@TempDir Path tmp) throws Exception {
        Path mount = Files.createDirectory(tmp.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0,
                "needs root and permission to mount a small tmpfs to fill the disk");
        try {
            Path old = Files.writeString(mount.resolve("index.html"), "old report\n");
            StudyReport report = StudyReport.in(mount);
            report.drawCharts(results);
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> report.write(results, findings, Optional.empty()));
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertTrue(e.getMessage().contains("so the folder is as it was"), e.getMessage());
            try (var s = Files.list(mount)) {
                assertEquals(List.of(old), s.toList(), "only what was there before");
            }
            assertEquals("old report\n", Files.readString(old));
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
