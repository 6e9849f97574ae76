package dev.greenslice.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

class ObjectNamesTest {

    @Test
    void underscoresBecomeDashesAndCaseIsLowered() {
        Map<String, String> n = ObjectNames.of(List.of("diffusion_256_256", "ResNet50", "whisper#2", "_x_"));
        assertEquals("diffusion-256-256", n.get("diffusion_256_256"));
        assertEquals("resnet50", n.get("ResNet50"));
        assertEquals("whisper-2", n.get("whisper#2"));
        assertEquals("x", n.get("_x_"));
    }

    @Test
    void collisionsGetAShortHashOfTheOriginalName() {
        Map<String, String> n = ObjectNames.of(List.of("a_b", "a-b", "A_B", "c"));
        assertEquals("c", n.get("c"));
        for (String s : List.of("a_b", "a-b", "A_B")) {
            assertEquals("a-b-" + ObjectNames.sha256(s).substring(0, 6), n.get(s));
        }
        // A plain name is never taken by a hashed one, even one that looks like it.
        String hashed = "a-b-" + ObjectNames.sha256("a_b").substring(0, 6);
        Map<String, String> m = ObjectNames.of(List.of("a_b", "a-b", hashed));
        assertEquals(hashed, m.get(hashed));
        assertEquals(3, new HashSet<>(m.values()).size());
    }

    @Test
    void longAndEmptyNamesFit() {
        Map<String, String> n = ObjectNames.of(List.of("x".repeat(300), "___", "模型"));
        n.values().forEach(v -> assertTrue(ObjectNames.isDnsLabel(v), v));
        assertTrue(n.get("___").startsWith("model-"));
    }

    @Test
    void anyNamesGetDistinctDnsLabels() {
        qt().withExamples(500).forAll(lists().of(strings().allPossible().ofLengthBetween(1, 70)).ofSizeBetween(1, 30))
                .checkAssert(raw -> {
                    List<String> names = new ArrayList<>(new HashSet<>(raw));
                    Map<String, String> n = ObjectNames.of(names);
                    assertEquals(names.size(), n.size());
                    assertEquals(names.size(), new HashSet<>(n.values()).size());
                    n.values().forEach(v -> assertTrue(ObjectNames.isDnsLabel(v), v));
                });
    }
}
