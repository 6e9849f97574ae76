package dev.greenslice.samples.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyReportTest {

    @Test
    void aFolderThatCannotBeCreatedIsNamedWithTheFix(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        var e = assertThrows(IllegalArgumentException.class, () -> StudyReport.in(file.resolve("sub")));
        assertTrue(e.getMessage().contains("plain-file") && e.getMessage().contains("--out"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> StudyReport.in(file));
        assertTrue(f.getMessage().contains("plain-file"), f.getMessage());
    }

    @Test
    void htmlEscapesWhatItQuotes() {
        assertTrue(StudyHtml.esc("<a & \"b\">").equals("&lt;a &amp; &quot;b&quot;&gt;"));
    }
}
