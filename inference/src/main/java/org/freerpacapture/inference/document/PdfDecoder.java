package org.freerpacapture.inference.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.freerpacapture.ocr.PageImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the selected pages of a PDF with PDFBox at the configured resolution. Every page's pixel size is
 * computed from its crop box and checked before the first page is rendered.
 */
final class PdfDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(PdfDecoder.class);
    private static final float POINTS_PER_INCH = 72f;

    private final DecodeLimits limits;

    PdfDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    List<PageImage> decode(byte[] bytes, PageSelection selection) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            List<Integer> indexes = selection.indexesIn(pdf.getNumberOfPages(), limits.maxPages(), "PDF");
            for (int index : indexes) {
                checkSize(index + 1, pdf.getPage(index));
            }
            PDFRenderer renderer = new PDFRenderer(pdf);
            List<PageImage> pages = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                BufferedImage rgb = renderer.renderImageWithDPI(index, limits.pdfDpi(), ImageType.RGB);
                pages.add(new PageImage(index + 1, BgrImage.from(rgb)));
            }
            return pages;
        } catch (InvalidPasswordException e) {
            throw DocumentException.encryptedPdf();
        } catch (DocumentException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.debug("PDF decode failed", e);
            throw DocumentException.undecodablePdf("the file is damaged or not a PDF");
        } catch (OutOfMemoryError e) {
            throw DocumentException.undecodablePdf("a page needs more memory to render than is available; lower"
                    + " the page size or embedded image resolution");
        } catch (StackOverflowError e) {
            throw DocumentException.undecodablePdf("its objects are nested too deeply");
        }
    }

    /** Same arithmetic as PDFRenderer: floor(points × dpi / 72), at least one pixel, quarter turns swap sides. */
    private void checkSize(int pageNumber, PDPage page) {
        PDRectangle box = page.getCropBox();
        float scale = limits.pdfDpi() / POINTS_PER_INCH;
        long width = Math.max((long) Math.floor(box.getWidth() * scale), 1L);
        long height = Math.max((long) Math.floor(box.getHeight() * scale), 1L);
        if (width * height > limits.maxPixelsPerPage()) {
            boolean quarterTurn = page.getRotation() % 180 != 0;
            throw DocumentException.imageTooLarge(pageNumber, quarterTurn ? height : width,
                    quarterTurn ? width : height, limits.maxPixelsPerPage());
        }
    }
}
