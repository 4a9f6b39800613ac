package org.freerpacapture.gateway.routing;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a change proposed to the {@link PolicyStore}. The admin API maps it to a status: accepted → 200
 * with the new ETag, conflict → 409, rejected → 422 with every error, not found → 404, unavailable → 503.
 */
public sealed interface UpdateResult {

    /** The change is in force. */
    record Accepted(RoutingPolicy policy, PolicyChange change) implements UpdateResult {
    }

    /** The caller's {@code If-Match} version is not the current one; nothing changed. */
    record Conflict(long currentVersion, long ifMatchVersion) implements UpdateResult {
    }

    /** The change would make the policy invalid, or the request itself is wrong; nothing changed. */
    record Rejected(List<ValidationError> errors) implements UpdateResult {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    /** The route (or its canary) named does not exist; nothing changed. */
    record NotFound(String message) implements UpdateResult {
    }

    /**
     * The change could not be shared with the other replicas in time; the policy in force stays.
     *
     * @param message    what happened, and whether the change may still be put in force later
     * @param retryAfter when asking again makes sense
     */
    record Unavailable(String message, Duration retryAfter) implements UpdateResult {
    }
}
