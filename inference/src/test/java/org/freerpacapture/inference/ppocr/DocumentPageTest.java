package org.freerpacapture.inference.ppocr;

import org.freerpacapture.models.ModelManifest;
import org.freerpacapture.ocr.Line;
import org.freerpacapture.ocr.PageImage;
import org.freerpacapture.ocr.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A photographed two-column report (a page of the document dev set, kept as a test resource, large enough to be
 * scaled down for detection): its long lines keep every letter, it is read by the English recognizer, surer of
 * it than the multilingual one, and its columns are read one after the other. A photographed form (another
 * dev page) keeps the spaces in its small upper-case labels.
 */
class DocumentPageTest {
    private static PpOcrPipeline pipeline;
    private static PpOcrPipeline coarseOnly;
    private static PpOcrPipeline multilingualOnly;
    private static BufferedImage photo;
    private static BufferedImage form;

    @BeforeAll
    static void load() throws Exception {
        pipeline = new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.defaults(), ModelManifest.load());
        ModelManifest manifest = ModelManifest.load();
        coarseOnly = new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.builder().detFineSideLen(0).build(), manifest,
                manifest.read("ppocr-v4-rec"), manifest.read("ppocr-keys"));
        multilingualOnly = new PpOcrPipeline(PpOcrModel.V4, PpOcrOptions.defaults(), manifest,
                manifest.read("ppocr-v4-rec"), manifest.read("ppocr-keys"));
        try (var in = DocumentPageTest.class.getResourceAsStream("/documents/photo-two-columns.jpg")) {
            photo = SroieEval.toBgr(ImageIO.read(in));
        }
        try (var in = DocumentPageTest.class.getResourceAsStream("/documents/photo-form.jpg")) {
            form = SroieEval.toBgr(ImageIO.read(in));
        }
    }

    @AfterAll
    static void close() {
        pipeline.close();
        coarseOnly.close();
        multilingualOnly.close();
    }

    private static final String SUMMARY = "Summary. We have migrated the legacy records and published the scripts on "
            + "GitHub for review. Please take notice that the office";

    @Test
    void a_long_photographed_line_keeps_every_letter() {
        assertTrue(texts(pipeline).contains(SUMMARY), String.join("\n", texts(pipeline)));
        // Detected once, at the coarse scale, the multilingual recognizer loses letters and spaces of the same line.
        assertTrue(!texts(coarseOnly).contains(SUMMARY), "the page still needs the finer detection");
    }

    @Test
    void a_photographed_office_page_is_read_by_the_recognizer_surer_of_it() {
        String preamble = "perfect Union, establish Justice, insure domestic Tranquility";
        List<String> read = texts(pipeline);
        assertTrue(read.stream().anyMatch(l -> l.replace(",", "").contains(preamble.replace(",", ""))),
                String.join("\n", read));
        assertTrue(read.stream().anyMatch(l -> l.contains("Vice-President, one of whom, at least")),
                String.join("\n", read));
        // The multilingual recognizer alone drops letters and spaces on this page.
        List<String> own = texts(multilingualOnly);
        assertTrue(own.stream().noneMatch(l -> l.contains("domestic Tranquility")), String.join("\n", own));
    }

    @Test
    void two_columns_are_read_one_after_the_other() {
        List<String> read = texts(pipeline);
        int background = indexOf(read, "1. Background");
        int firstColumnEnd = indexOf(read, "subject to their jurisdiction");
        int family = indexOf(read, "4. Family Services");
        int secondColumnEnd = indexOf(read, "fill such Vacancies");
        assertTrue(indexOf(read, "Summary.") < background, "the summary across both columns comes first");
        assertTrue(background < firstColumnEnd && firstColumnEnd < family && family < secondColumnEnd,
                String.join("\n", read));
        assertEquals(read.get(background + 1), read.stream()
                .filter(l -> l.startsWith("The Electors shall meet")).findFirst().orElseThrow());
    }

    @Test
    void small_upper_case_labels_on_a_photographed_form_keep_their_spaces() {
        List<String> read = lines(pipeline, form);
        for (String label : List.of("MEMBERSHIP TYPE", "PLACE OF BIRTH", "E-MAIL ADDRESS",
                "IF SO, MAY WE INQUIRE WHEN?", "MAY WE CONTACT YOUR EMPLOYER?", "DO YOU REQUIRE FREE PARKING?",
                "ARE YOU A MEMBER OF ANOTHER CLUB?", "HAVE YOU APPLIED BEFORE?")) {
            assertTrue(read.contains(label), label + " in\n" + String.join("\n", read));
        }
        // The multilingual recognizer alone runs the words of that question together.
        List<String> own = lines(multilingualOnly, form);
        assertTrue(own.stream().anyMatch(l -> l.startsWith("IFSO")), String.join("\n", own));
    }

    private static List<String> texts(PpOcrPipeline reader) {
        return lines(reader, photo);
    }

    private static List<String> lines(PpOcrPipeline reader, BufferedImage page) {
        return reader.read(new PageImage(1, page), Task.DOCUMENT).lines().stream().map(Line::text).toList();
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + start + "' in\n" + String.join("\n", lines));
    }
}
