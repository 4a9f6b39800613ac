package org.freerpacapture.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.pattern.PDTilingPattern;

/**
 * Small PDFs that take a renderer a very long time: each is a few kilobytes and asks for millions of drawing
 * operations. Every one is a valid PDF that viewers open (slowly); none relies on a parser bug.
 */
public final class HostilePdfs {

    private HostilePdfs() {
    }

    /**
     * Forms drawing forms: the page draws form {@code depth}, which draws form {@code depth - 1} {@code fanOut}
     * times, down to a form that fills a small square, so the page costs {@code fanOut ^ depth} fills.
     */
    public static byte[] nestedForms(int depth, int fanOut) {
        return build(PDRectangle.LETTER, (pdf, page) -> {
            PDFormXObject inner = form(pdf, "0 0 5 5 re f\n", new PDResources());
            for (int level = 1; level <= depth; level++) {
                PDResources resources = new PDResources();
                COSName name = resources.add(inner);
                StringBuilder draws = new StringBuilder();
                for (int i = 0; i < fanOut; i++) {
                    draws.append("q 1 0 0 1 ").append(i % 7).append(' ').append(i % 5).append(" cm /")
                            .append(name.getName()).append(" Do Q\n");
                }
                inner = form(pdf, draws.toString(), resources);
            }
            PDResources pageResources = new PDResources();
            COSName top = pageResources.add(inner);
            page.setResources(pageResources);
            return "100 100 m /" + top.getName() + " Do\n";
        });
    }

    /** A page whose one content stream (compressed to a few kilobytes) holds {@code count} graphics-state pairs. */
    public static byte[] manyOperators(int count) {
        return build(PDRectangle.LETTER, (pdf, page) -> "q Q\n".repeat(count / 2));
    }

    /**
     * One path of {@code segments} short lines, filled and stroked: the segments are operators, and the fill
     * afterwards walks all of them.
     */
    public static byte[] giantPath(int segments) {
        return build(PDRectangle.LETTER, (pdf, page) -> {
            StringBuilder path = new StringBuilder(segments * 16).append("10 10 m\n");
            for (int i = 0; i < segments; i++) {
                path.append(10 + i % 59 * 10).append(' ').append(10 + i % 7 * 110).append(" l\n");
            }
            return path.append("B\n").toString();
        });
    }

    /**
     * A tiling pattern whose cell draws {@code cellOperators} operators, painted over the page {@code fills}
     * times: each fill draws the cell again.
     */
    public static byte[] tilingPattern(int cellOperators, int fills) {
        return build(PDRectangle.LETTER, (pdf, page) -> {
            PDTilingPattern pattern = new PDTilingPattern();
            pattern.setBBox(new PDRectangle(0, 0, 4, 4));
            pattern.setXStep(4);
            pattern.setYStep(4);
            pattern.setPaintType(PDTilingPattern.PAINT_COLORED);
            pattern.setTilingType(PDTilingPattern.TILING_CONSTANT_SPACING);
            pattern.setResources(new PDResources());
            write(pattern.getContentStream(), "0 0 1 1 re f\n" + "q Q\n".repeat(cellOperators / 2));
            PDResources resources = new PDResources();
            COSName name = resources.add(pattern);
            page.setResources(resources);
            return ("/Pattern cs /" + name.getName() + " scn 0 0 612 792 re f\n").repeat(fills);
        });
    }

    /** {@code glyphs} letters shown with a standard font, in a few kilobytes of compressed text. */
    public static byte[] manyGlyphs(int glyphs) {
        return build(PDRectangle.LETTER, (pdf, page) -> {
            PDResources resources = new PDResources();
            COSName font = resources.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            page.setResources(resources);
            String line = "(" + "W".repeat(1000) + ") Tj\n";
            return "BT /" + font.getName() + " 1 Tf 10 10 Td\n" + line.repeat(Math.max(1, glyphs / 1000)) + "ET\n";
        });
    }

    /** {@code pages} pages of the given size, each with a line of text and a square, like a plain typed letter. */
    public static byte[] plainPages(int pages, PDRectangle size) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(size);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.addRect(72, size.getHeight() - 144, 72, 72);
                    content.fill();
                    content.beginText();
                    content.setFont(font, 14);
                    content.newLineAtOffset(72, size.getHeight() - 200);
                    content.showText("Page " + i + " of a plain letter, total 12.50");
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes what a page draws; may add resources to the page. */
    private interface Content {
        String of(PDDocument pdf, PDPage page) throws IOException;
    }

    private static byte[] build(PDRectangle size, Content content) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(size);
            pdf.addPage(page);
            PDStream stream = new PDStream(pdf);
            write(stream, content.of(pdf, page));
            page.setContents(stream);
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDFormXObject form(PDDocument pdf, String operators, PDResources resources) throws IOException {
        PDFormXObject form = new PDFormXObject(pdf);
        form.setBBox(new PDRectangle(0, 0, 612, 792));
        form.setResources(resources);
        write(form.getContentStream(), operators);
        return form;
    }

    private static void write(PDStream stream, String operators) throws IOException {
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(operators.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
