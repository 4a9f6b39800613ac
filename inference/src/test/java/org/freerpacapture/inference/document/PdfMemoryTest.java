package org.freerpacapture.inference.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.freerpacapture.hostile.HostilePdfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PDFs read in a JVM with the heap the README recommends, or less: pages are drawn one at a time. */
class PdfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void fifty_letter_pages_are_read_with_the_recommended_heap() throws Exception {
        // All 50 pages rendered and held at once would not fit in this heap (docs/decisions.md, "Work ends at its
        // deadline").
        Path pdf = write("letters.pdf", HostilePdfs.plainPages(50, PDRectangle.LETTER));

        String out = probe("-Xmx512m", pdf);

        // PDFBox scales in float and floors: 8.5 in at 200 dpi is 1699 pixels.
        assertEquals("read 50 pages, " + 50L * 1699 * 2200 + " pixels", out);
    }

    @Test
    void a_page_that_does_not_fit_in_memory_is_refused_with_503_out_of_memory_not_as_corrupt() throws Exception {
        // A poster page under the pixel limit, larger than the probe's whole heap once drawn.
        Path pdf = write("poster.pdf", HostilePdfs.plainPages(1, new PDRectangle(25 * 72, 35 * 72)));

        String out = probe("-Xmx96m", pdf);

        assertTrue(out.startsWith("503 out_of_memory "), out);
        assertTrue(out.contains("ran out of memory") && out.contains("page 1 of the PDF"), out);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static String probe(String heap, Path pdf) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), heap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), PdfMemoryProbe.class.getName(), pdf.toString()))
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe finished");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
