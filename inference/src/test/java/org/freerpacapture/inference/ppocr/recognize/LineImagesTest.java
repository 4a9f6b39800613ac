package org.freerpacapture.inference.ppocr.recognize;

import org.freerpacapture.inference.ppocr.runtime.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

public class LineImagesTest {
    private static final int H = 48;
    private static final int W = 256;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /**
     * A 20 × 100 line: bluish rows 0 to 3, black ink in rows 7 to 12, reddish rows 16 to 19, grey elsewhere (bands
     * wide enough that the bicubic enlargement keeps their colours at the edges).
     */
    private static Mat line() {
        Mat m = new Mat(20, 100, CvType.CV_8UC3, new Scalar(200, 200, 200));
        m.rowRange(0, 4).setTo(new Scalar(240, 120, 60));
        m.rowRange(7, 13).setTo(new Scalar(0, 0, 0));
        m.rowRange(16, 20).setTo(new Scalar(30, 90, 210));
        return m;
    }

    private static FloatBuffer pack(Mat crop, double textShare, int[] widths) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(3 * H * W * Float.BYTES).order(ByteOrder.nativeOrder());
        // Garbage first: pack must clear what an earlier batch left in a reused buffer.
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0x3f);
        }
        int[] got = LineImages.pack(List.of(crop), buffer, H, W, textShare);
        System.arraycopy(got, 0, widths, 0, got.length);
        return buffer.asFloatBuffer();
    }

    private static float at(FloatBuffer t, int channel, int row, int col) {
        return t.get((channel * H + row) * W + col);
    }

    private static float normalised(int value) {
        return value * 2f / 255f - 1f;
    }

    @Test
    void a_line_that_fills_the_height_keeps_its_aspect_ratio_and_is_padded_on_the_right_with_zero() {
        int[] width = new int[1];
        FloatBuffer t = pack(line(), 1.0, width);
        assertEquals(240, width[0]); // 48 × 100 / 20
        assertEquals(normalised(240), at(t, 0, 0, 10), 0.02f);
        assertEquals(normalised(0), at(t, 0, 24, 10), 0.02f);
        assertEquals(normalised(210), at(t, 2, H - 1, 10), 0.02f);
        for (int row = 0; row < H; row++) {
            assertEquals(0f, at(t, 1, row, 240));
            assertEquals(0f, at(t, 1, row, W - 1));
        }
    }

    @Test
    void a_line_that_takes_a_share_of_the_height_gets_margins_in_its_own_edge_colours() {
        int[] width = new int[1];
        FloatBuffer t = pack(line(), 0.85, width);
        // 41 rows (0.85 × 48): 3 rows of margin above, 4 below, and a line 41 × 100 / 20 wide.
        assertEquals(41, LineImages.textHeight(H, 0.85));
        assertEquals(205, width[0]);
        for (int row = 0; row < 3; row++) {
            assertArrayEquals(new float[]{normalised(240), normalised(120), normalised(60)},
                    new float[]{at(t, 0, row, 100), at(t, 1, row, 100), at(t, 2, row, 100)}, 0.001f);
        }
        for (int row = H - 4; row < H; row++) {
            assertArrayEquals(new float[]{normalised(30), normalised(90), normalised(210)},
                    new float[]{at(t, 0, row, 100), at(t, 1, row, 100), at(t, 2, row, 100)}, 0.001f);
        }
        // The ink is in the middle, where the line is, and nothing is drawn right of it.
        assertEquals(normalised(0), at(t, 0, 24, 100), 0.02f);
        for (int row = 0; row < H; row++) {
            assertEquals(0f, at(t, 0, row, 205));
        }
    }

    @Test
    void the_width_is_capped_and_a_sliver_is_still_one_pixel_wide() {
        Mat wide = new Mat(10, 1000, CvType.CV_8UC3, new Scalar(255, 255, 255));
        assertEquals(W, LineImages.resizedWidth(wide, H, 0.85, W));
        Mat sliver = new Mat(100, 1, CvType.CV_8UC3, new Scalar(255, 255, 255));
        assertEquals(1, LineImages.resizedWidth(sliver, H, 0.85, W));
    }
}
