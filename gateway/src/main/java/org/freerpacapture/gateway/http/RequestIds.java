package org.freerpacapture.gateway.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: the caller's {@code X-Request-Id} when it is a sane token, else a fresh one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    // Short and log-safe: no spaces, quotes or control characters can reach logs or headers.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {
    }

    public static String takeOrMake(String fromCaller) {
        if (fromCaller != null && SANE.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return UUID.randomUUID().toString().replace("-", "");
    }
}
