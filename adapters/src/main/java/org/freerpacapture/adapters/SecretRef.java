package org.freerpacapture.adapters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A reference to a value kept outside the routing policy: {@code env:NAME} (an environment variable),
 * {@code file:PATH} (a file's content, trimmed: a mounted Kubernetes secret) or, for values that are not secret
 * (an endpoint URL), the literal value itself.
 *
 * <p>Neither {@link #toString()} nor any exception carries the resolved value: only the reference
 * ({@code env:AZURE_DI_KEY}) or, for a literal, the word {@code literal}. {@link #secret(String)} refuses literals,
 * because the policy must only ever name where a secret is, never hold it.
 *
 * <p>Resolving a {@code file:} reference reads the file: do it when a provider is built (policy load), not per
 * request, and not on an event loop.
 */
public final class SecretRef {

    /** Where the value comes from. */
    public enum Source { ENV, FILE, LITERAL }

    private final Source source;
    private final String location;

    private SecretRef(Source source, String location) {
        this.source = source;
        this.location = location;
    }

    /** A reference that may also be a literal: for endpoints, regions, model names. */
    public static SecretRef parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.startsWith("env:")) {
            return new SecretRef(Source.ENV, requireNonBlank(reference.substring(4), "env:"));
        }
        if (reference.startsWith("file:")) {
            return new SecretRef(Source.FILE, requireNonBlank(reference.substring(5), "file:"));
        }
        return new SecretRef(Source.LITERAL, reference);
    }

    /** A reference to a secret: {@code env:} or {@code file:} only. */
    public static SecretRef secret(String reference) {
        SecretRef ref = parse(reference);
        if (ref.source == Source.LITERAL) {
            throw new IllegalArgumentException(
                    "a secret must be referenced as env:NAME or file:PATH, not written into the policy");
        }
        return ref;
    }

    public Source source() {
        return source;
    }

    /** The variable's name or the file's path (for a literal: the value, which is not secret). */
    String location() {
        return location;
    }

    /** Resolves against the process environment. */
    public String resolve() {
        return resolve(System::getenv);
    }

    /**
     * Resolves with the given environment lookup (tests pass a map's {@code get}).
     *
     * @throws IllegalStateException naming the reference (never the value) when it cannot be resolved
     */
    public String resolve(UnaryOperator<String> environment) {
        return switch (source) {
            case LITERAL -> location;
            case ENV -> {
                String v = environment.apply(location);
                if (v == null || v.isBlank()) {
                    throw new IllegalStateException("environment variable " + location + " is not set");
                }
                yield v.trim();
            }
            case FILE -> {
                try {
                    String v = Files.readString(Path.of(location), StandardCharsets.UTF_8).trim();
                    if (v.isEmpty()) {
                        throw new IllegalStateException("file " + location + " is empty");
                    }
                    yield v;
                } catch (IOException e) {
                    // The exception's own message names only the path; keep its type for the operator.
                    throw new IllegalStateException("cannot read file " + location + " ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        };
    }

    private static String requireNonBlank(String s, String prefix) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("'" + prefix + "' needs a name after the colon");
        }
        return s;
    }

    @Override
    public String toString() {
        return switch (source) {
            case ENV -> "env:" + location;
            case FILE -> "file:" + location;
            case LITERAL -> "literal";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef r && r.source == source && r.location.equals(location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, location);
    }
}
