package org.freerpacapture.gateway.admin;

import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Objects;

/**
 * Who made an admin call, as history and the log name them, and what they may do.
 *
 * @param name the token's name ({@code admin} for {@code GATEWAY_ADMIN_TOKEN})
 * @param role viewer or operator
 */
public record AdminIdentity(String name, Role role) {

    /** What an admin identity may do. */
    public enum Role {
        /** Reads the policy, its schema and history, the stats and the tenants. */
        VIEWER,
        /** Also changes the policy: PUT, canary, promote, rollback. */
        OPERATOR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role parse(String text) {
            for (Role r : values()) {
                if (r.label().equals(text)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("role must be viewer or operator, got '" + text + "'");
        }
    }

    private static final String CONTEXT_KEY = "gateway.admin.identity";

    public AdminIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public boolean mayChange() {
        return role == Role.OPERATOR;
    }

    /** The identity the admin call was authorized as; every handler after the check has one. */
    public static AdminIdentity of(RoutingContext ctx) {
        return Objects.requireNonNull(ctx.get(CONTEXT_KEY), "admin call not authorized yet");
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }
}
