package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.freerpacapture.adapters.ProviderSafety;
import org.freerpacapture.gateway.config.Setting;
import org.freerpacapture.ocr.Deadline;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Documents at {@code https://} URLs on the hosts the operator allows. A record names its source, and whoever may
 * write a record must not thereby make the gateway fetch what only the gateway can reach: the host must be on the
 * allow-list, and the provider endpoints' rules apply on top (never a metadata service or a link-local address,
 * even when listed; loopback and plain http only when the operator allows loopback, for tests). Hosts are judged as
 * written, without a DNS lookup, as provider endpoints are.
 */
final class HttpsSources {

    private final Set<String> allowed;
    private final ProviderSafety safety;
    private final BoundedGet get;
    private final Duration retryAfter;

    HttpsSources(Collection<String> allowedHosts, ProviderSafety safety, BoundedGet get, Duration retryAfter) {
        this.allowed = allowedHosts.stream().map(HttpsSources::normalHost).collect(Collectors.toUnmodifiableSet());
        this.safety = safety;
        this.get = get;
        this.retryAfter = retryAfter;
    }

    Future<DocumentSources.Fetched> fetch(URI source, long maxBytes, Deadline deadline) {
        String origin = source.getScheme().toLowerCase(Locale.ROOT) + "://" + source.getRawAuthority();
        Optional<String> refusal = safety.endpointRefusal(origin);
        if (refusal.isPresent()) {
            return Future.failedFuture(SourceFailures.notAllowed("source " + origin + " " + refusal.get()));
        }
        String host = normalHost(source.getHost());
        if (!allowed.contains(host)) {
            return Future.failedFuture(SourceFailures.notAllowed(allowed.isEmpty()
                    ? "this gateway reads no https sources (" + Setting.KAFKA_SOURCE_HOSTS.envName()
                    + " is empty); send the document inline as \"data\""
                    : "host " + host + " is not among the hosts this gateway reads sources from ("
                    + Setting.KAFKA_SOURCE_HOSTS.envName() + "); send the document inline as \"data\" or have"
                    + " the host allowed"));
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(target(source))
                .putHeader(HttpHeaders.ACCEPT, "*/*");
        return get.send(options, null, maxBytes, deadline, origin).compose(answer -> {
            if (answer.status() != 200) {
                return Future.failedFuture(SourceFailures.forStatus(origin, answer.status(),
                        answer.headers().get(HttpHeaders.LOCATION),
                        SourceFailures.retryAfter(answer.headers().get(HttpHeaders.RETRY_AFTER), retryAfter)));
            }
            if (answer.body().length() == 0) {
                return Future.failedFuture(SourceFailures.unreadable(origin + " answered 200 with an empty body"));
            }
            String type = answer.headers().get(HttpHeaders.CONTENT_TYPE);
            return Future.succeededFuture(new DocumentSources.Fetched(answer.body().getBytes(),
                    type == null ? "" : type));
        });
    }

    /** The URL to ask, as sent: ASCII, without its fragment (never sent), with a path. */
    private static String target(URI source) {
        String url = source.toASCIIString();
        int fragment = url.indexOf('#');
        if (fragment >= 0) {
            url = url.substring(0, fragment);
        }
        return source.getRawPath() == null || source.getRawPath().isEmpty()
                ? url.replaceFirst("^([^:]+://[^/?]+)", "$1/") : url;
    }

    /** Lower case, without a final dot or IPv6 brackets: one spelling per host. */
    private static String normalHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
