package org.freerpacapture.inference.document;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.freerpacapture.ocr.PageImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PDF's selected pages with PDFBox. Decoding opens the file, checks the page count and every page's pixel
 * size (from its crop box, at the configured resolution) and drawing cost ({@link PdfDrawingCost}), and renders
 * nothing: each page is rendered when a reader asks for its pixels, so a long PDF holds one rendered page at a time,
 * never all of them. A page is drawn under the request's {@link DecodeBudget} and the per-page operator limit
 * again, and stops when either is spent.
 */
final class PdfDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(PdfDecoder.class);
    private static final float POINTS_PER_INCH = 72f;

    private final DecodeLimits limits;

    PdfDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    List<PageImage> decode(byte[] bytes, PageSelection selection, DecodeBudget budget) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            List<Integer> indexes = selection.indexesIn(pdf.getNumberOfPages(), limits.maxPages(), "PDF");
            List<PageImage> pages = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                budget.check();
                PDPage page = pdf.getPage(index);
                int[] size = renderedSize(index + 1, page);
                PdfDrawingCost.check(page, index + 1, limits.pdfMaxOperators(), budget);
                pages.add(PageImage.decodedOnDemand(index + 1, size[0], size[1],
                        () -> render(bytes, index, budget)));
            }
            return pages;
        } catch (Throwable e) {
            throw refusal(e, "the PDF");
        }
    }

    /** One page's pixels, upright, as BGR; blocking and as costly as the page's drawing. */
    private BufferedImage render(byte[] bytes, int index, DecodeBudget budget) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            budget.check();
            BudgetedPdfRenderer renderer = new BudgetedPdfRenderer(pdf, index + 1, limits.pdfMaxOperators(), budget);
            // An image embedded far larger than the page shows is read at the size it is drawn, not in full.
            renderer.setSubsamplingAllowed(true);
            BufferedImage rgb = renderer.renderImageWithDPI(index, limits.pdfDpi(), ImageType.RGB);
            renderer.throwIfStopped();
            return BgrImage.from(rgb);
        } catch (Throwable e) {
            throw refusal(e, "page " + (index + 1) + " of the PDF");
        }
    }

    /** What the caller is told when reading failed; a lack of memory is the gateway's, never the file's, fault. */
    private static RuntimeException refusal(Throwable e, String what) {
        if (e instanceof DocumentException d) {
            return d;
        }
        if (e instanceof InvalidPasswordException) {
            return DocumentException.encryptedPdf();
        }
        if (e instanceof Exception) {
            LOG.debug("PDF decode failed", e);
            return DocumentException.undecodablePdf("the file is damaged or not a PDF");
        }
        if (e instanceof OutOfMemoryError) {
            return DocumentException.outOfMemory(what);
        }
        if (e instanceof StackOverflowError) {
            return DocumentException.undecodablePdf("its objects are nested too deeply");
        }
        throw (Error) e;
    }

    /**
     * Width and height of the page as PDFRenderer will draw it, checked against the pixel limit: floor(points × dpi
     * / 72), at least one pixel, quarter turns swap the sides.
     */
    private int[] renderedSize(int pageNumber, PDPage page) {
        PDRectangle box = page.getCropBox();
        float scale = limits.pdfDpi() / POINTS_PER_INCH;
        long width = Math.max((long) Math.floor(box.getWidth() * scale), 1L);
        long height = Math.max((long) Math.floor(box.getHeight() * scale), 1L);
        boolean quarterTurn = page.getRotation() % 180 != 0;
        long across = quarterTurn ? height : width;
        long down = quarterTurn ? width : height;
        if (width * height > limits.maxPixelsPerPage()) {
            throw DocumentException.imageTooLarge(pageNumber, across, down, limits.maxPixelsPerPage());
        }
        return new int[]{(int) across, (int) down};
    }
}
