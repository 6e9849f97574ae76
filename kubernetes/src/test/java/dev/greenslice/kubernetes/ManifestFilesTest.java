package dev.greenslice.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestFilesTest {

    private static SortedMap<String, byte[]> files(String... nameText) {
        SortedMap<String, byte[]> m = new TreeMap<>();
        for (int i = 0; i < nameText.length; i += 2) {
            m.put(nameText[i], nameText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileAndCreatesTheDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b");
        List<Path> written = ManifestFiles.write(dir, files("x.yaml", "1", "y.json", "2"));
        assertEquals(List.of(dir.resolve("x.yaml"), dir.resolve("y.json")), written);
        assertEquals("1", Files.readString(dir.resolve("x.yaml")));
        assertEquals(List.of("x.yaml", "y.json"), listing(dir));
        ManifestFiles.write(dir, files("x.yaml", "3"));
        assertEquals("3", Files.readString(dir.resolve("x.yaml")));
    }

    @Test
    void aSymlinkPlantedAtATargetIsReplacedNotFollowed(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Files.createSymbolicLink(dir.resolve("x.yaml"), victim);
        Files.createSymbolicLink(dir.resolve("y.json"), tmp.resolve("nowhere"));
        ManifestFiles.write(dir, files("x.yaml", "new", "y.json", "new"));
        assertEquals("precious", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(dir.resolve("x.yaml")));
        assertEquals("new", Files.readString(dir.resolve("x.yaml")));
        assertFalse(Files.exists(tmp.resolve("nowhere"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("x.yaml", "y.json"), listing(dir));
    }

    @Test
    void aFailureLeavesTheDirectoryAsItWas(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(dir.resolve("a.yaml"), "old a");
        Files.createDirectory(dir.resolve("b.yaml"));     // cannot be replaced by a file
        assertThrows(IOException.class, () -> ManifestFiles.write(dir, files("a.yaml", "new a", "b.yaml", "new b",
                "c.yaml", "new c")));
        assertEquals("old a", Files.readString(dir.resolve("a.yaml")));
        assertEquals(List.of("a.yaml", "b.yaml"), listing(dir));
    }

    @Test
    void namesThatArePathsAndNonDirectoriesAreRefused(@TempDir Path tmp) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ManifestFiles.write(tmp, files("../x", "1")));
        assertThrows(IllegalArgumentException.class, () -> ManifestFiles.write(tmp, files("..", "1")));
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThrows(IllegalArgumentException.class, () -> ManifestFiles.write(file, files("a", "1")));
        assertEquals("x", Files.readString(file));
    }
}
