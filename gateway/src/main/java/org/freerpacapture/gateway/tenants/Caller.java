package org.freerpacapture.gateway.tenants;

import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who sent a request: the tenant it is served, counted and limited under, and the name of the key or subject that
 * proved it. Never the credential itself.
 *
 * @param tenant the tenant id; {@link #DEFAULT_TENANT} when callers are not authenticated
 * @param name   the API key's name or the token's subject, for logs and audit; never the key
 * @param proof  how the caller was identified
 */
public record Caller(String tenant, String name, Proof proof) {

    /**
     * How a caller was identified: not at all, by an API key, by a signed token, or by the request record's own
     * envelope (the broker authenticated its producer).
     */
    public enum Proof { NONE, API_KEY, JWT, RECORD }

    /** The one tenant every request belongs to while caller authentication is off. */
    public static final String DEFAULT_TENANT = "default";
    public static final Caller ANONYMOUS = new Caller(DEFAULT_TENANT, "anonymous", Proof.NONE);

    private static final String CONTEXT_KEY = "gateway.caller";
    /** What a tenant id may be: short, and safe as a metric label, a log field and a file name. */
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Caller {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(proof, "proof");
    }

    /** The caller a request was identified as, or {@link #ANONYMOUS} when none was. */
    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(CONTEXT_KEY);
        return caller == null ? ANONYMOUS : caller;
    }

    /** Whether {@code tenant} is a well-formed tenant id: 1-64 letters, digits, '.', '_' or '-'. */
    public static boolean isTenantId(String tenant) {
        return tenant != null && TENANT_ID.matcher(tenant).matches();
    }

    public void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }
}
