package dev.greenslice.micrometer;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The BOM users import manages the Micrometer this binder is built and tested with. */
class BomManagesMicrometerTest {

    private static String micrometerVersion(Path pom) throws Exception {
        Matcher m = Pattern.compile("<micrometer\\.version>([^<]+)</micrometer\\.version>").matcher(Files.readString(pom));
        assertTrue(m.find(), "no micrometer.version in " + pom);
        return m.group(1);
    }

    @Test
    void theBomsMicrometerIsTheOneTheBuildUses() throws Exception {
        String built = micrometerVersion(Path.of("..", "pom.xml"));
        String bom = micrometerVersion(Path.of("..", "bom", "pom.xml"));
        assertEquals(built, bom, "bom/pom.xml's micrometer.version must equal the parent's");
        String bomText = Files.readString(Path.of("..", "bom", "pom.xml"));
        assertTrue(bomText.contains("<artifactId>micrometer-registry-prometheus</artifactId>"), "BOM manages the registry");
        assertTrue(bomText.contains("<artifactId>micrometer-core</artifactId>"), "BOM manages micrometer-core");
    }
}
