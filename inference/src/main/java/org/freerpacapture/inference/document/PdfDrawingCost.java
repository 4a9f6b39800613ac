package org.freerpacapture.inference.document;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.DrawObject;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.pattern.PDAbstractPattern;
import org.apache.pdfbox.pdmodel.graphics.pattern.PDTilingPattern;

/**
 * What drawing a PDF page will cost, counted before any pixel is drawn: the page's content is parsed, forms and
 * tiling patterns followed wherever they are used, and nothing is painted, so the count itself is cheap. A page
 * over the limit is refused with 422 {@code pdf_too_complex} while decoding, before it takes a rendering thread.
 *
 * <p>The unit is one operator, plus one per operand it takes; work that costs a renderer more than that is charged
 * more: a form drawn ({@value #FORM_COST}, for its saved state and clip), a tiling pattern painted
 * ({@value #PATTERN_PAINT_COST} for tiling the area, and its cell's operators, each time), a glyph shown (one per
 * byte of text), an image drawn (one per {@value #IMAGE_PIXELS_PER_UNIT} pixels).
 */
final class PdfDrawingCost extends PDFStreamEngine {

    static final long FORM_COST = 100;
    static final long PATTERN_PAINT_COST = 1000;
    static final long IMAGE_PIXELS_PER_UNIT = 1000;
    private static final Set<String> PAINTS = Set.of("f", "F", "f*", "B", "B*", "b", "b*", "S", "s");
    private static final Set<String> TEXT = Set.of("Tj", "'", "\"", "TJ");

    private final int pageNumber;
    private final long maxOperators;
    private final DecodeBudget budget;
    private long spent;
    private PDTilingPattern fillPattern;
    private PDTilingPattern strokePattern;

    private PdfDrawingCost(int pageNumber, long maxOperators, DecodeBudget budget) {
        this.pageNumber = pageNumber;
        this.maxOperators = maxOperators;
        this.budget = budget;
        addOperator(new DrawObject(this));
    }

    /**
     * @throws DocumentException 422 {@code pdf_too_complex} over the limit, 504 {@code timeout} when the budget is
     *                           spent first
     */
    static void check(PDPage page, int pageNumber, long maxOperators, DecodeBudget budget) throws IOException {
        new PdfDrawingCost(pageNumber, maxOperators, budget).processPage(page);
    }

    @Override
    protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        String name = operator.getName();
        // Parsing is a good share of the cost: a path segment's three numbers cost more than a lone 'q'.
        charge(1 + operands.size());
        if (PAINTS.contains(name)) {
            boolean fills = !name.equals("S") && !name.equals("s");
            boolean strokes = !name.startsWith("f") && !name.equals("F");
            paintPattern(fills ? fillPattern : null);
            paintPattern(strokes ? strokePattern : null);
        } else if (name.equals("scn") || name.equals("SCN")) {
            PDTilingPattern pattern = tilingPattern(operands);
            if (name.equals("scn")) {
                fillPattern = pattern;
            } else {
                strokePattern = pattern;
            }
        } else if (TEXT.contains(name)) {
            charge(textBytes(operands));
        } else if (name.equals("Do")) {
            chargeDrawnObject(operands);
        }
        super.processOperator(operator, operands);
    }

    private void paintPattern(PDTilingPattern pattern) throws IOException {
        if (pattern == null || pattern.getBBox() == null) {
            return;
        }
        charge(PATTERN_PAINT_COST);
        // A cell starts with a fresh graphics state: its own fills are not painted with the pattern.
        PDTilingPattern fill = fillPattern;
        PDTilingPattern stroke = strokePattern;
        fillPattern = null;
        strokePattern = null;
        try {
            // The colour only matters to an uncoloured pattern's look, not to what its cell costs.
            processTilingPattern(pattern, null, null);
        } finally {
            fillPattern = fill;
            strokePattern = stroke;
        }
    }

    private PDTilingPattern tilingPattern(List<COSBase> operands) throws IOException {
        PDResources resources = getResources();
        if (operands.isEmpty() || !(operands.get(operands.size() - 1) instanceof COSName name) || resources == null) {
            return null;
        }
        PDAbstractPattern pattern = resources.getPattern(name);
        return pattern instanceof PDTilingPattern tiling ? tiling : null;
    }

    private void chargeDrawnObject(List<COSBase> operands) throws IOException {
        PDResources resources = getResources();
        if (operands.isEmpty() || !(operands.get(0) instanceof COSName name) || resources == null) {
            return;
        }
        PDXObject drawn = resources.getXObject(name);
        if (drawn instanceof PDFormXObject) {
            charge(FORM_COST);
        } else if (drawn instanceof PDImageXObject image) {
            charge((long) image.getWidth() * image.getHeight() / IMAGE_PIXELS_PER_UNIT);
        }
    }

    private static long textBytes(List<COSBase> operands) {
        long bytes = 0;
        for (COSBase operand : operands) {
            if (operand instanceof COSString text) {
                bytes += text.getBytes().length;
            } else if (operand instanceof COSArray array) {
                for (COSBase item : array) {
                    if (item instanceof COSString text) {
                        bytes += text.getBytes().length;
                    }
                }
            }
        }
        return bytes;
    }

    private void charge(long units) {
        spent += units;
        if (spent > maxOperators) {
            throw DocumentException.tooComplex(pageNumber, maxOperators);
        }
        budget.check();
    }
}
