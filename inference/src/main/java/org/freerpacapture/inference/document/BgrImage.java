package org.freerpacapture.inference.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Brings any decoded image to {@link BufferedImage#TYPE_3BYTE_BGR} with a plain, unshared raster: the OCR engine
 * copies those bytes straight into an OpenCV BGR matrix. Transparency is composited on white, as a viewer shows it.
 */
final class BgrImage {

    private static final ColorModel SRGB = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

    private BgrImage() {
    }

    static BufferedImage from(BufferedImage image) {
        if (isPlainBgr(image)) {
            return image;
        }
        ColorModel model = image.getColorModel();
        if (model instanceof ComponentColorModel && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return fromGray(image);
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, bgr.getWidth(), bgr.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return bgr;
    }

    /** An sRGB image of 8-bit samples interleaved in red-green-blue order, for {@link #swappedToBgr}. */
    static BufferedImage interleavedRgb(int width, int height) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, width * 3, 3,
                new int[]{0, 1, 2}, null);
        return new BufferedImage(SRGB, raster, false, null);
    }

    /**
     * The pixels of an image made by {@link #interleavedRgb} as a plain BGR image over the same bytes, swapped in
     * place; the argument must not be used afterwards.
     */
    static BufferedImage swappedToBgr(BufferedImage rgb) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        DataBufferByte data = (DataBufferByte) rgb.getRaster().getDataBuffer();
        byte[] bytes = data.getData();
        for (int i = 0; i < bytes.length; i += 3) {
            byte red = bytes[i];
            bytes[i] = bytes[i + 2];
            bytes[i + 2] = red;
        }
        WritableRaster raster = Raster.createInterleavedRaster(data, width, height, width * 3, 3,
                new int[]{2, 1, 0}, null);
        return new BufferedImage(SRGB, raster, false, null);
    }

    static boolean isPlainBgr(BufferedImage image) {
        Raster raster = image.getRaster();
        return image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && raster.getParent() == null
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer().getNumBanks() == 1 && raster.getDataBuffer().getOffset() == 0
                && raster.getSampleModel() instanceof ComponentSampleModel sm
                && sm.getPixelStride() == 3 && sm.getScanlineStride() == image.getWidth() * 3;
    }

    /**
     * Grey samples copied to B, G and R unchanged. Java2D would treat the grey colour space as linear and lighten
     * every pixel on its way to sRGB; scanners' grey files are already perceptual.
     */
    private static BufferedImage fromGray(BufferedImage gray) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        Raster raster = gray.getRaster();
        ColorModel model = gray.getColorModel();
        boolean alpha = model.hasAlpha() && raster.getNumBands() > 1;
        double greyScale = 255.0 / ((1L << model.getComponentSize(0)) - 1);
        double alphaScale = alpha ? 1.0 / ((1L << model.getComponentSize(1)) - 1) : 0;
        BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        int[] grey = new int[w];
        int[] alphas = alpha ? new int[w] : null;
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        for (int y = 0; y < h; y++) {
            raster.getSamples(minX, minY + y, w, 1, 0, grey);
            if (alpha) {
                raster.getSamples(minX, minY + y, w, 1, 1, alphas);
            }
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                double v = grey[x] * greyScale;
                if (alpha) {
                    double a = alphas[x] * alphaScale;
                    v = v * a + 255.0 * (1 - a);
                }
                byte b = (byte) Math.min(255, (int) Math.round(v));
                out[row + x * 3] = b;
                out[row + x * 3 + 1] = b;
                out[row + x * 3 + 2] = b;
            }
        }
        return bgr;
    }
}
