package dev.greenslice.nvml;

import dev.greenslice.carbon.Clock;
import dev.greenslice.carbon.gpu.GpuDeviceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The restore journal under a hostile local user: a directory planted by another user, links planted in the
 * journal directory or in its place, writable directories above it. Root runs write the journal, so none of
 * these may redirect a write. The tests with another user's directory need root (to chown to uid 65534) and are
 * skipped otherwise.
 */
class RestoreJournalSecurityTest {

    private static final int NOBODY = 65534;
    private static final String PLANTED = "root-owned file that must not change\n";

    @TempDir
    Path tmp;

    private static boolean root() throws IOException {
        return PrivateDirectory.currentUid() == 0;
    }

    private static String journalOf(String uuid, int pid) {
        return "format=" + RestoreJournal.FORMAT + "\npid=" + pid + "\nprocessStart=unknown\nwritten=2026-01-01T00:00:00Z\n"
                + "device.uuid=" + uuid + "\ndevice.index=0\ndevice.name=A100\nclocks.locked=210-210\n";
    }

    @Test
    void theDefaultDirectoryIsAPerUserStateDirectoryNotTheSharedTemporaryDirectory() {
        Path dir = NvmlOptions.defaultJournalDirectory();
        assertTrue(dir.endsWith(Path.of("greenslice", "nvml-restore")), dir.toString());
        assertFalse(dir.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), dir.toString());
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg == null || xdg.isBlank()) {
            assertEquals(Path.of(System.getProperty("user.home"), ".local", "state", "greenslice", "nvml-restore"), dir);
        }
    }

    @Test
    void aMissingDirectoryIsCreatedPrivate() throws IOException {
        Path dir = tmp.resolve("state").resolve("journal");
        RestoreJournal j = new RestoreJournal(dir, Clock.system());
        Path file = j.newFile("GPU-1");
        j.write(file, Map.of("device.uuid", "GPU-1"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file is left");
        }
    }

    @Test
    void aDirectoryPlantedByAnotherUserIsRefusedAndNoChangeIsMade() throws IOException {
        assumeTrue(root(), "needs root to give the planted directory to uid 65534");
        Path planted = Files.createDirectory(tmp.resolve("planted"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path target = Files.writeString(tmp.resolve("target"), PLANTED);
        // The other user plants links at the names a run would write, then gives the directory away to itself.
        for (int seq = 1; seq <= 50; seq++) {
            Files.createSymbolicLink(planted.resolve(RestoreJournal.PREFIX + "GPU-x-" + ProcessHandle.current().pid()
                    + "-" + seq + ".properties"), target);
        }
        Files.setAttribute(planted, "unix:uid", NOBODY);
        SimulatedNvml.Hooks sim = SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(planted)); NvmlDevice gpu = nvml.device(0)) {
            long locks = sim.simCallCount("nvmlDeviceSetGpuLockedClocks");
            GpuDeviceException e = assertThrows(GpuDeviceException.class, () -> gpu.lockSmClock(1005, 1005));
            assertTrue(e.getMessage().contains("owned by uid " + NOBODY), e.getMessage());
            assertTrue(e.getMessage().contains(NvmlOptions.JOURNAL_PROPERTY), e.getMessage());
            assertEquals(locks, sim.simCallCount("nvmlDeviceSetGpuLockedClocks"), "no change without a journal");
        }
        assertEquals(PLANTED, Files.readString(target));
    }

    @Test
    void journalsInADirectoryOfAnotherUserAreNotRead() throws IOException {
        assumeTrue(root(), "needs root to give the planted directory to uid 65534");
        Path planted = Files.createDirectory(tmp.resolve("planted"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(planted.resolve(RestoreJournal.PREFIX + "GPU-x-1-1.properties"), journalOf("GPU-x", 999_999_999));
        Files.setAttribute(planted, "unix:uid", NOBODY);
        assertEquals(List.of(), new RestoreJournal(planted, Clock.system()).abandoned(),
                "another user's 'abandoned change' would make a root run change the GPU");
    }

    @Test
    void aGroupOrWorldWritableDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        RestoreJournal j = new RestoreJournal(dir, Clock.system());
        IOException e = assertThrows(IOException.class, () -> j.write(j.newFile("GPU-1"), Map.of()));
        assertTrue(e.getMessage().contains("can be written by group or others (mode 0777)"), e.getMessage());
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aDirectoryThatIsASymbolicLinkIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        RestoreJournal j = new RestoreJournal(link, Clock.system());
        IOException e = assertThrows(IOException.class, () -> j.write(j.newFile("GPU-1"), Map.of()));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        try (var s = Files.list(real)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aDirectoryBelowOneOthersMayWriteWithoutTheStickyBitIsRefused() throws IOException {
        Path open = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        RestoreJournal j = new RestoreJournal(open.resolve("mine"), Clock.system());
        IOException e = assertThrows(IOException.class, () -> j.write(j.newFile("GPU-1"), Map.of()));
        assertTrue(e.getMessage().contains(open + ", above"), e.getMessage());
        assertTrue(e.getMessage().contains("without the sticky bit"), e.getMessage());
    }

    @Test
    void linksPlantedAtTheJournalAndTemporaryNamesAreReplacedNotFollowed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("journal"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path target = Files.writeString(tmp.resolve("target"), PLANTED);
        RestoreJournal j = new RestoreJournal(dir, Clock.system());
        Path file = j.newFile("GPU-1");
        Files.createSymbolicLink(file, target);
        Files.createSymbolicLink(file.resolveSibling(file.getFileName() + ".tmp"), target); // the old temporary name
        j.write(file, Map.of("device.uuid", "GPU-1", DeviceChanges.CLOCKS_LOCKED, "1005-1005"));
        assertEquals(PLANTED, Files.readString(target), "the link's target is untouched");
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), "the link was replaced by the journal");
        assertTrue(Files.readString(file).contains("clocks.locked=1005-1005"));
        j.delete(file);
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        assertEquals(PLANTED, Files.readString(target));
    }

    @Test
    void aLinkPlantedAsAnAbandonedJournalIsReportedNotReadAndDiscardingDeletesTheLinkOnly() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("journal"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere.properties"), journalOf("GPU-x", 999_999_999));
        Path link = Files.createSymbolicLink(dir.resolve(RestoreJournal.PREFIX + "GPU-x-1-1.properties"), elsewhere);
        List<AbandonedChange> found = new RestoreJournal(dir, Clock.system()).abandoned();
        assertEquals(1, found.size());
        assertTrue(found.get(0).entries().isEmpty(), "nothing was read through the link");
        assertTrue(found.get(0).message().contains("symbolic link"), found.get(0).message());
        SimulatedNvml.reset(SimulatedNvml.device("A100-SXM4-80GB"));
        try (Nvml nvml = Nvml.open(SimulatedNvml.options(dir))) {
            AbandonedChange a = nvml.abandonedChanges().get(0);
            assertThrows(IllegalArgumentException.class, () -> nvml.restoreAbandoned(a));
            nvml.discardAbandoned(a);
        }
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(elsewhere), "the link's target stays");
    }
}
