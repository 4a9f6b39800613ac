package org.freerpacapture.inference.screen;

/**
 * An interface control found in a screenshot: its kind and its box in page pixels (right and bottom exclusive).
 */
public record Control(ControlType type, int left, int top, int right, int bottom) {

    public Control {
        if (right <= left || bottom <= top) {
            throw new IllegalArgumentException("empty box " + left + "," + top + "," + right + "," + bottom);
        }
    }

    public int width() {
        return right - left;
    }

    public int height() {
        return bottom - top;
    }

    /** The click point: the middle of the box, which every kind of control answers to. */
    public double centerX() {
        return (left + right) / 2.0;
    }

    public double centerY() {
        return (top + bottom) / 2.0;
    }
}
