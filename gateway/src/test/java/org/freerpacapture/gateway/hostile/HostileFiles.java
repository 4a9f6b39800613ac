package org.freerpacapture.gateway.hostile;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.RawHttp;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Hostile documents made on the spot: bombs, lies in headers, loops and truncations of each supported format. */
final class HostileFiles {

    private HostileFiles() {
    }

    // ---- PNG

    static byte[] png(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small valid PNG with the CRC of its header chunk broken. */
    static byte[] pngWithBadCrc() {
        byte[] png = png(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY));
        png[8 + 4 + 4 + 13] ^= 0x5a;
        return png;
    }

    /** A grey PNG of {@code width × height} whose deflated rows of zeros weigh almost nothing. */
    static byte[] pngOfZeros(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            byte[] row = new byte[width + 1];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typed = RawHttp.concat(type.getBytes(StandardCharsets.US_ASCII), data);
        CRC32 crc = new CRC32();
        crc.update(typed);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typed);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] truncated(byte[] file, double keep) {
        return Arrays.copyOf(file, (int) (file.length * keep));
    }

    // ---- JPEG

    /** A baseline JPEG frame header declaring {@code width × height}, then the end marker, no scan. */
    static byte[] jpegDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(2 + 2 + 17 + 2);
        b.put((byte) 0xFF).put((byte) 0xD8);
        b.put((byte) 0xFF).put((byte) 0xC0).putShort((short) 17).put((byte) 8)
                .putShort((short) height).putShort((short) width).put((byte) 3);
        for (int c = 1; c <= 3; c++) {
            b.put((byte) c).put((byte) 0x11).put((byte) 0);
        }
        b.put((byte) 0xFF).put((byte) 0xD9);
        return b.array();
    }

    /** The receipt with a stretch of its entropy-coded data overwritten, header and end marker intact. */
    static byte[] jpegScrambledInside() {
        byte[] jpeg = Fixtures.receiptJpeg().clone();
        for (int i = jpeg.length / 3; i < jpeg.length / 3 + 4096; i++) {
            jpeg[i] = (byte) (i * 31);
        }
        return jpeg;
    }

    // ---- TIFF (little-endian, built by hand so every field can lie)

    /** A TIFF whose IFDs declare {@code width × height}, uncompressed 8-bit grey, strips pointing at {@code data}. */
    static byte[] tiff(int pages, int width, int height, int compression, boolean loop) {
        int ifdSize = 2 + 8 * 12 + 4;
        int dataOffset = 8;
        int firstIfd = dataOffset + 16;
        ByteBuffer b = ByteBuffer.allocate(firstIfd + pages * ifdSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(firstIfd);
        b.put(new byte[16]);
        for (int p = 0; p < pages; p++) {
            int at = firstIfd + p * ifdSize;
            b.putShort((short) 8);
            entry(b, 256, 4, width);
            entry(b, 257, 4, height);
            entry(b, 258, 3, 8);
            entry(b, 259, 3, compression);
            entry(b, 262, 3, 1);
            entry(b, 273, 4, dataOffset);
            entry(b, 278, 4, height);
            entry(b, 279, 4, 16);
            int next = loop ? at : (p + 1 < pages ? at + ifdSize : 0);
            b.putInt(next);
        }
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    // ---- PDF

    static byte[] save(PDDocument pdf) {
        try (pdf; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pdfOfBlankPages(int pages, PDRectangle size) {
        PDDocument pdf = new PDDocument();
        for (int i = 0; i < pages; i++) {
            pdf.addPage(new PDPage(size));
        }
        return save(pdf);
    }

    static byte[] pdfWithUserPassword() {
        try {
            PDDocument pdf = new PDDocument();
            pdf.addPage(new PDPage(PDRectangle.A6));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            pdf.protect(policy);
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A page drawing form 0, which draws form 1 twice, which draws form 2 twice, ... {@code depth} levels: a few
     * hundred bytes that ask for 2^depth drawings.
     */
    static byte[] pdfOfNestedForms(int depth) {
        try {
            PDDocument pdf = new PDDocument();
            PDPage page = new PDPage(PDRectangle.A6);
            pdf.addPage(page);
            PDFormXObject below = null;
            for (int level = depth; level >= 0; level--) {
                PDFormXObject form = new PDFormXObject(pdf);
                form.setBBox(PDRectangle.A6);
                PDResources resources = new PDResources();
                String ops = "0 0 m 100 100 l S\n";
                if (below != null) {
                    resources.put(COSName.getPDFName("F"), below);
                    ops = "q 0.5 0 0 0.5 0 0 cm /F Do Q q 0.5 0 0 0.5 50 50 cm /F Do Q\n";
                }
                form.setResources(resources);
                try (OutputStream out = form.getContentStream().createOutputStream()) {
                    out.write(ops.getBytes(StandardCharsets.US_ASCII));
                }
                below = form;
            }
            PDResources pageResources = new PDResources();
            pageResources.put(COSName.getPDFName("F"), below);
            page.setResources(pageResources);
            content(pdf, page, "/F Do\n");
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page whose deflated content stream holds {@code operators} path operators: a CPU bomb of a few KiB. */
    static byte[] pdfOfManyOperators(int operators) {
        try {
            PDDocument pdf = new PDDocument();
            PDPage page = new PDPage(PDRectangle.A6);
            pdf.addPage(page);
            PDStream stream = new PDStream(pdf);
            try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
                byte[] op = "1 1 m 200 300 l 5 280 l h f\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < operators / 4; i++) {
                    out.write(op);
                }
            }
            page.setContents(stream);
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A form that draws itself. */
    static byte[] pdfOfSelfDrawingForm() {
        try {
            PDDocument pdf = new PDDocument();
            PDPage page = new PDPage(PDRectangle.A6);
            pdf.addPage(page);
            PDFormXObject form = new PDFormXObject(pdf);
            form.setBBox(PDRectangle.A6);
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("F"), form);
            form.setResources(resources);
            try (OutputStream out = form.getContentStream().createOutputStream()) {
                out.write("0 0 m 10 10 l S /F Do\n".getBytes(StandardCharsets.US_ASCII));
            }
            PDResources pageResources = new PDResources();
            pageResources.put(COSName.getPDFName("F"), form);
            page.setResources(pageResources);
            content(pdf, page, "/F Do\n");
            return save(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image XObject that declares {@code side × side} pixels with a few bytes of deflated data. */
    static byte[] pdfOfHugeImage(int side) {
        String image = "<< /Type /XObject /Subtype /Image /Width " + side + " /Height " + side
                + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length 8 >>\nstream\n"
                + "\u0078\u009c\u0003\u0000"
                + "\u0000\u0000\u0000\u0001\nendstream";
        return handWrittenPdf("<< /XObject << /I 5 0 R >> >>", "q 200 0 0 200 0 0 cm /I Do Q", image);
    }

    private static void content(PDDocument pdf, PDPage page, String ops) throws IOException {
        try (PDPageContentStream unused = new PDPageContentStream(pdf, page)) {
            // An empty stream made by PDFBox, replaced below with the raw operators.
        }
        PDStream stream = new PDStream(pdf);
        try (OutputStream out = stream.createOutputStream()) {
            out.write(ops.getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(stream);
    }

    /** A one-page PDF written by hand (PDFBox repairs the cross-reference table on load). */
    static byte[] handWrittenPdf(String resources, String ops, String object5) {
        String pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources " + resources
                + " /Contents 4 0 R >> endobj\n"
                + "4 0 obj << /Length " + ops.length() + " >>\nstream\n" + ops + "\nendstream endobj\n"
                + "5 0 obj " + object5 + " endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A page tree whose node lists itself as its own kid. */
    static byte[] pdfOfLoopedPageTree() {
        String pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj\n"
                + "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >> endobj\n"
                + "trailer << /Root 1 0 R >>\n%%EOF\n";
        return pdf.getBytes(StandardCharsets.ISO_8859_1);
    }
}
