package org.freerpacapture.adapters;

/**
 * How much payload work an adapter may do on the event loop that handles the request. Encoding or parsing a few
 * KiB (base64, a JSON answer, a SigV4 payload hash) takes tens of microseconds, less than a hop to a pool and back;
 * above this size it goes to the adapter's bounded pool, so no event loop parses a dense page's thousands of blocks
 * or hashes a 10 MiB scan.
 */
public final class EventLoopWork {

    /** The largest request body or answer an adapter encodes, signs or parses in place. */
    public static final int INLINE_BYTES = 16 * 1024;

    private EventLoopWork() {
    }
}
