package org.freerpacapture.inference.ppocr.runtime;

/** Inference threads that have nothing to do right now, which a running page may borrow for part of its work. */
@FunctionalInterface
public interface IdleThreads {
    /** No thread to lend: the caller does all the work itself. */
    IdleThreads NONE = work -> false;

    /** Starts {@code work} on an idle thread at once and says true, or says false and runs nothing. */
    boolean lend(Runnable work);
}
