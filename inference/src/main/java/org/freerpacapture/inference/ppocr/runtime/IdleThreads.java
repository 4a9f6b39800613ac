package org.freerpacapture.inference.ppocr.runtime;

/**
 * Inference threads that have nothing to do right now, which a running page may borrow for part of its work; and,
 * for pages nobody waits on interactively, the courtesy of letting interactive pages' work go first.
 */
@FunctionalInterface
public interface IdleThreads {
    /** No thread to lend: the caller does all the work itself. */
    IdleThreads NONE = work -> false;

    /** Starts {@code work} on an idle thread at once and says true, or says false and runs nothing. */
    boolean lend(Runnable work);

    /**
     * A page's tasks that no idle thread took: until {@link #helped}, threads running background pages may run
     * {@code worker} (which takes the page's remaining tasks) between tasks of their own.
     */
    default void wantHelp(Runnable worker) {
    }

    /** The page has no task left to hand out: {@code worker} needs no more help. */
    default void helped(Runnable worker) {
    }

    /** Called between two tasks of a page: a background page first runs the tasks interactive pages want help with. */
    default void between() {
    }
}
