package org.freerpacapture.gateway.hostile;

import org.freerpacapture.gateway.support.RawHttp;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One hostile request and the answer it must get: the status and, for an error, the JSON error code. {@code also}
 * checks anything more the answer must show (a header replaced, a body left out).
 */
record HostileCase(String name, Listener listener, byte[] request, int status, String code, Duration within,
                   Consumer<RawHttp.Response> also) {

    /** Which port the request goes to. */
    enum Listener { API, ADMIN }

    static final Duration ANSWER_WITHIN = Duration.ofSeconds(40);

    HostileCase {
        also = also == null ? r -> { } : also;
        within = within == null ? ANSWER_WITHIN : within;
    }

    static HostileCase api(String name, byte[] request, int status, String code) {
        return new HostileCase(name, Listener.API, request, status, code, null, null);
    }

    static HostileCase admin(String name, byte[] request, int status, String code) {
        return new HostileCase(name, Listener.ADMIN, request, status, code, null, null);
    }

    HostileCase and(Consumer<RawHttp.Response> check) {
        return new HostileCase(name, listener, request, status, code, within, check);
    }

    HostileCase answeredWithin(Duration limit) {
        return new HostileCase(name, listener, request, status, code, limit, also);
    }

    @Override
    public String toString() {
        return name;
    }
}
