package org.freerpacapture.ocr;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failure that came through a future stands for. */
public final class Failures {
    private Failures() {
    }

    /**
     * {@code thrown} itself, or the cause inside the {@link CompletionException} or {@link ExecutionException} a
     * future wrapped it in (as often as it was wrapped).
     */
    public static Throwable cause(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
