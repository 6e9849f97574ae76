package dev.greenslice.carbon.gpu.mig;

import dev.greenslice.carbon.gpu.GpuCatalog;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layout strings far outside any real layout (issue 14): refused at once, with short messages. */
class MigLayoutHostileInputTest {

    private static final MigGeometry A100_80 = GpuCatalog.A100_SXM4_80GB.migGeometry().orElseThrow();

    @Test
    void moreEntriesThanComputeSlicesAreRefusedBeforeAnyPairIsCompared() {
        // 10,000 entries gave a 357 MB message (every overlapping pair) and took 2.6 GB.
        String text = String.join(",", Collections.nCopies(10_000, "1g@0"));
        InvalidMigLayoutException e = assertThrows(InvalidMigLayoutException.class, () -> MigLayout.parse(A100_80, text));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("10000 instances") && e.getMessage().contains("at most 7"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        // Eight entries are already one too many; seven are judged on their merits.
        assertThrows(InvalidMigLayoutException.class,
                () -> MigLayout.parse(A100_80, String.join(",", Collections.nCopies(8, "1g@0"))));
        InvalidMigLayoutException seven = assertThrows(InvalidMigLayoutException.class,
                () -> MigLayout.parse(A100_80, String.join(",", Collections.nCopies(7, "1g@0"))));
        assertTrue(seven.getMessage().contains("overlap"), seven.getMessage());
    }

    @Test
    void hugeOrOverflowingPartsAreQuotedShortly() {
        String big = "9".repeat(100_000) + "g@0";
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> MigLayout.parse(A100_80, big));
        assertFalse(size instanceof NumberFormatException, "no parseInt failure: " + size.getMessage());
        assertTrue(size.getMessage().length() < 300 && size.getMessage().contains("100001 chars"), size.getMessage());
        IllegalArgumentException slot = assertThrows(IllegalArgumentException.class,
                () -> MigLayout.parse(A100_80, "1g@99999999999999999999"));
        assertTrue(slot.getMessage().contains("memory slot number (0 to 7)"), slot.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> MigLayout.parse(A100_80, "1g\n@x"));
        assertFalse(control.getMessage().contains("\n"), control.getMessage());
    }
}
