package org.freerpacapture.inference.document;

import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType3Font;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * A PDF renderer that pays for every drawing operation out of one page's budget and stops the page when the budget
 * is spent or the request's time is up. A file of a few kilobytes can hold forms that draw each other thousands of
 * times over, so the cost of a page is only known while it is drawn.
 *
 * <p>Every content-stream operator is counted wherever it comes from: the page, a form XObject it draws (nested
 * forms included), a tiling pattern's cell, a Type 3 glyph's procedure. Every glyph shown counts too.
 */
final class BudgetedPdfRenderer extends PDFRenderer {

    private final int pageNumber;
    private final long maxOperators;
    private final DecodeBudget budget;
    private long spent;
    private DocumentException stopped;

    BudgetedPdfRenderer(PDDocument pdf, int pageNumber, long maxOperators, DecodeBudget budget) {
        super(pdf);
        this.pageNumber = pageNumber;
        this.maxOperators = maxOperators;
        this.budget = budget;
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
        return new CountingDrawer(parameters);
    }

    /** Throws the reason drawing stopped, in case PDFBox caught it on the way out and carried on. */
    void throwIfStopped() {
        if (stopped != null) {
            throw stopped;
        }
    }

    private void spend() {
        throwIfStopped();
        if (++spent > maxOperators) {
            stopped = DocumentException.tooComplex(pageNumber, maxOperators);
        } else if (budget.spent()) {
            stopped = DocumentException.deadlinePassed();
        }
        throwIfStopped();
    }

    private final class CountingDrawer extends PageDrawer {

        CountingDrawer(PageDrawerParameters parameters) throws IOException {
            super(parameters);
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            spend();
            super.processOperator(operator, operands);
        }

        @Override
        protected void showFontGlyph(Matrix matrix, PDFont font, int code, Vector displacement) throws IOException {
            spend();
            super.showFontGlyph(matrix, font, code, displacement);
        }

        @Override
        protected void showType3Glyph(Matrix matrix, PDType3Font font, int code, Vector displacement)
                throws IOException {
            spend();
            super.showType3Glyph(matrix, font, code, displacement);
        }
    }
}
