package org.freerpacapture.inference.document;

import java.util.function.BooleanSupplier;
import org.freerpacapture.ocr.Deadline;

/**
 * How long one request's decoding may still run: until its deadline, or until its caller is gone (the connection
 * closed, or the caller already answered). Work that only starts after that is dropped; a PDF page being drawn
 * asks between operators and stops.
 */
public final class DecodeBudget {

    private static final DecodeBudget UNBOUNDED = new DecodeBudget(Deadline.none(), () -> false);

    private final Deadline deadline;
    private final BooleanSupplier callerGone;

    private DecodeBudget(Deadline deadline, BooleanSupplier callerGone) {
        this.deadline = deadline;
        this.callerGone = callerGone;
    }

    /** No deadline and a caller who always waits: tools and tests. */
    public static DecodeBudget unbounded() {
        return UNBOUNDED;
    }

    public static DecodeBudget until(Deadline deadline, BooleanSupplier callerGone) {
        return new DecodeBudget(deadline, callerGone);
    }

    /** Whether nobody will use the result any more: the deadline passed or the caller went away. */
    public boolean spent() {
        return deadline.expired() || callerGone.getAsBoolean();
    }

    /**
     * @throws DocumentException 504 {@code timeout} once the budget is {@link #spent()}
     */
    void check() {
        if (spent()) {
            throw DocumentException.deadlinePassed();
        }
    }
}
