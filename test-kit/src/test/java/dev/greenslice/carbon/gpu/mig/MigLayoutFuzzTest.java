package dev.greenslice.carbon.gpu.mig;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.greenslice.test.FuzzMessages;
import dev.greenslice.carbon.gpu.GpuCatalog;
import dev.greenslice.carbon.gpu.GpuModel;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes MIG layout strings ({@code 4g@0,3g@4}) against every MIG GPU of the catalog with Jazzer: a layout
 * parses to a valid layout that prints back to itself, or is refused with an {@link IllegalArgumentException}
 * ({@link InvalidMigLayoutException} for a well-formed but impossible one) whose message is short and on one
 * line.
 */
class MigLayoutFuzzTest {

    private static final List<MigGeometry> GEOMETRIES = GpuCatalog.all().stream().filter(GpuModel::supportsMig)
            .map(g -> g.migGeometry().orElseThrow()).toList();

    @FuzzTest(maxDuration = "2m")
    void layoutString(FuzzedDataProvider data) {
        MigGeometry geometry = GEOMETRIES.get(data.consumeInt(0, GEOMETRIES.size() - 1));
        String text = data.consumeRemainingAsString();
        MigLayout layout;
        try {
            layout = MigLayout.parse(geometry, text);
        } catch (IllegalArgumentException e) {
            FuzzMessages.requireShortOneLine(e);
            return;
        }
        assertTrue(layout.isValid(), layout.toString());
        assertTrue(layout.computeSlicesUsed() <= geometry.computeSlices(), layout.toString());
        String printed = String.join(",", layout.instances().stream()
                .map(i -> i.profile().name() + "@" + i.placement().start()).toList());
        assertEquals(layout.instances(), MigLayout.parse(geometry, printed).instances(), printed);
    }
}
