package dev.greenslice.benchmarks.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A two-socket Intel server's powercap tree written to a folder (on tmpfs, {@code /dev/shm}, where there is
 * one, so file reads cost what sysfs reads cost rather than disk I/O): package-0 and package-1 with DRAM at
 * {@code :0:0} and {@code :1:0}, and psys at {@code intel-rapl:2}, with the files the kernel writes.
 */
final class FakePowercapTree implements AutoCloseable {

    final Path root;

    private FakePowercapTree(Path root) {
        this.root = root;
    }

    static FakePowercapTree twoSocketServer() {
        try {
            Path shm = Path.of("/dev/shm");
            Path root = Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "greenslice-rapl-")
                    : Files.createTempDirectory("greenslice-rapl-");
            FakePowercapTree t = new FakePowercapTree(root);
            for (int s = 0; s < 2; s++) {
                t.zone("intel-rapl:" + s, "package-" + s, 262_143_328_850L, 205_000_000L, 123_456_789L * (s + 1));
                t.zone("intel-rapl:" + s + "/intel-rapl:" + s + ":0", "dram", 65_712_999_613L, 0, 98_765_432L * (s + 1));
            }
            t.zone("intel-rapl:2", "psys", 262_143_328_850L, 800_000_000L, 555_555_555L);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void zone(String path, String name, long rangeUj, long maxPowerUw, long energyUj) throws IOException {
        Path z = Files.createDirectories(root.resolve(path));
        Files.writeString(z.resolve("name"), name + "\n");
        Files.writeString(z.resolve("energy_uj"), energyUj + "\n");
        Files.writeString(z.resolve("max_energy_range_uj"), rangeUj + "\n");
        Files.writeString(z.resolve("enabled"), "1\n");
        if (maxPowerUw > 0) {
            Files.writeString(z.resolve("constraint_0_name"), "long_term\n");
            Files.writeString(z.resolve("constraint_0_max_power_uw"), maxPowerUw + "\n");
        }
    }

    @Override
    public void close() {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
