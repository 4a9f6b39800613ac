package org.freerpacapture.inference.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.freerpacapture.ocr.PageImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes raster formats through ImageIO (TwelveMonkeys for JPEG, TIFF and WebP; the JDK for PNG, BMP and GIF).
 * Sizes come from the header before any pixel is read, so a file declaring a giant canvas costs nothing.
 */
final class ImageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    /**
     * Formats whose readers hand over red-green-blue lines (measured: docs/benchmarks/history/BENCHMARKS-2026-11.md,
     * "Speed work" (l)).
     */
    private static final Set<DocumentFormat> RGB_LINES = EnumSet.of(DocumentFormat.JPEG, DocumentFormat.PNG);

    private final DecodeLimits limits;

    ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    List<PageImage> decode(byte[] bytes, DocumentFormat format, PageSelection selection) {
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = new ImageBytes(bytes)) {
            reader.setInput(in, false, true);
            List<Integer> indexes = selectedIndexes(reader, format, selection);
            for (int index : indexes) {
                checkSize(index + 1, reader.getWidth(index), reader.getHeight(index));
            }
            if (format == DocumentFormat.JPEG && !JpegEnd.isPresent(bytes)) {
                throw DocumentException.undecodableImage("the JPEG data is truncated: it has no end-of-image marker");
            }
            int orientation = format == DocumentFormat.JPEG ? ExifOrientation.read(bytes) : 1;
            List<PageImage> pages = new ArrayList<>(indexes.size());
            for (int index : indexes) {
                BufferedImage decoded = read(reader, index, format);
                BufferedImage upright = ExifOrientation.apply(BgrImage.from(decoded), orientation);
                pages.add(new PageImage(index + 1, upright));
            }
            return pages;
        } catch (DocumentException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} decode failed", format, e);
            throw DocumentException.undecodableImage("not a valid " + format + " file");
        } catch (OutOfMemoryError e) {
            throw DocumentException.outOfMemory("the " + format + " file");
        } finally {
            reader.dispose();
        }
    }

    /**
     * For a JPEG or PNG (one page) whose header and end are intact: the page sized from the header, its pixels
     * decoded on each {@code image()}. The limits and the page selection are checked here, as in
     * {@link #decode}. Empty when the file needs the full decode, which then reports what is wrong with it.
     */
    Optional<List<PageImage>> sizedFromHeader(byte[] bytes, DocumentFormat format, PageSelection selection) {
        Optional<HeaderSize> header = HeaderSize.of(bytes, format);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        boolean intact = format == DocumentFormat.JPEG ? JpegEnd.isPresent(bytes) : HeaderSize.pngIntact(bytes);
        if (!intact) {
            return Optional.empty();
        }
        selection.indexesIn(1, limits.maxPages(), format + " file");
        HeaderSize size = header.get();
        checkSize(1, size.width(), size.height());
        boolean transposed = format == DocumentFormat.JPEG && ExifOrientation.read(bytes) >= 5;
        int width = transposed ? size.height() : size.width();
        int height = transposed ? size.width() : size.height();
        return Optional.of(List.of(PageImage.decodedOnDemand(1, width, height,
                () -> decode(bytes, format, PageSelection.all()).get(0).image())));
    }

    private static ImageReader readerFor(DocumentFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            // TwelveMonkeys handles CMYK/YCCK JPEGs and ICC profiles the JDK reader rejects.
            if (chosen == null || candidate.getClass().getName().startsWith("com.twelvemonkeys.")) {
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw DocumentException.undecodableImage("no " + format + " decoder is installed");
        }
        return chosen;
    }

    /** Zero-based indexes of the selected pages; only TIFF has more than one (GIF: the first frame). */
    private List<Integer> selectedIndexes(ImageReader reader, DocumentFormat format, PageSelection selection)
            throws IOException {
        int count = format == DocumentFormat.TIFF ? reader.getNumImages(true) : 1;
        return selection.indexesIn(count, limits.maxPages(), format + " file");
    }

    private void checkSize(int pageNumber, long width, long height) {
        if (width < 1 || height < 1) {
            throw DocumentException.undecodableImage("page " + pageNumber + " declares an empty size");
        }
        if (width * height > limits.maxPixelsPerPage()) {
            throw DocumentException.imageTooLarge(pageNumber, width, height, limits.maxPixelsPerPage());
        }
    }

    private static BufferedImage read(ImageReader reader, int index, DocumentFormat format) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        Optional<ImageTypeSpecifier> bgr = bgrTypeOffered(reader, index);
        // The JPEG and PNG readers copy each decoded line, in red-green-blue order, into the destination. Into a BGR
        // image every line goes through a new array: a second image's worth of garbage while the page is alive, so a
        // young collection during the decode moved the page to the old generation and full collections followed.
        // Into red-green-blue bytes it is a plain array copy, and the bytes are then swapped in place.
        boolean rgbLines = RGB_LINES.contains(format) && bgr.isPresent();
        if (rgbLines) {
            param.setDestination(BgrImage.interleavedRgb(reader.getWidth(index), reader.getHeight(index)));
        } else {
            // Decoding straight into BGR, when the reader can, saves a full-size copy.
            bgr.ifPresent(param::setDestinationType);
        }
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        reader.addIIOReadWarningListener(listener);
        try {
            BufferedImage image = reader.read(index, param);
            // Readers fill missing data with grey and only warn; a half image must not be read as text. Other warnings
            // (extraneous bytes before a marker, a bad thumbnail) are common in camera files that decode fine.
            if (warnings.stream().anyMatch(ImageDecoder::meansMissingData)) {
                LOG.debug("{} decode warnings: {}", format, warnings);
                throw DocumentException.undecodableImage("the " + format + " data is truncated or corrupt");
            }
            return rgbLines ? BgrImage.swappedToBgr(image) : image;
        } finally {
            reader.removeIIOReadWarningListener(listener);
        }
    }

    private static boolean meansMissingData(String warning) {
        String text = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
        return text.contains("truncated") || text.contains("premature end") || text.contains("missing eoi");
    }

    private static Optional<ImageTypeSpecifier> bgrTypeOffered(ImageReader reader, int index) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
        while (types.hasNext()) {
            ImageTypeSpecifier type = types.next();
            if (type.getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
