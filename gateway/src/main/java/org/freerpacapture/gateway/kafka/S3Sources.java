package org.freerpacapture.gateway.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.freerpacapture.adapters.aws.AwsEndpoints;
import org.freerpacapture.adapters.aws.NonBlockingCredentials;
import org.freerpacapture.adapters.aws.SigV4;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.ocr.Deadline;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Objects at {@code s3://bucket/key}, read with S3's GetObject: a GET signed with SigV4 by the AWS SDK's signer,
 * with credentials from the SDK's chain, sent over the gateway's Vert.x HTTP client (docs/decisions.md, "S3 without
 * the SDK's client"). AWS's regional endpoint is addressed virtual-hosted ({@code <bucket>.s3.<region>...}), as AWS
 * asks, except for a bucket whose name has a dot (its host would not match AWS's certificate); an endpoint override
 * (an S3-compatible store, a fake) is addressed path-style ({@code <endpoint>/<bucket>/<key>}).
 *
 * <p>S3's error codes decide what a failure is: a missing or forbidden object can never be read (422), throttling,
 * S3's own failures and credentials that have just expired pass (503).
 */
final class S3Sources {

    /** Bucket names as S3 allows them today: lower case, digits, dots and hyphens, 3 to 63 characters. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,100})</Code>");
    private static final Pattern ERROR_MESSAGE = Pattern.compile("<Message>([^<]{0,300})</Message>");
    private static final Pattern ERROR_REGION = Pattern.compile("<Region>([a-z0-9-]{1,40})</Region>");
    /** S3's codes for what may succeed when asked again; every other error code is final. */
    private static final Set<String> PASSING = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "ExpiredToken", "TokenRefreshRequired", "RequestTimeTooSkewed", "OperationAborted");
    /** S3's codes for a bucket that lives in another region than the one asked. */
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");
    /** The region an S3-compatible store is asked in when the SDK's chain names none: MinIO's default. */
    static final String STORE_DEFAULT_REGION = "us-east-1";

    private final Vertx vertx;
    private final Optional<URI> endpoint;
    private final NonBlockingCredentials credentials;
    private final HeldRegion region;
    private final BoundedGet get;
    private final Duration retryAfter;

    S3Sources(Vertx vertx, Optional<URI> endpoint, NonBlockingCredentials credentials, HeldRegion region,
              BoundedGet get, Duration retryAfter) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.region = region;
        this.get = get;
        this.retryAfter = retryAfter;
    }

    Future<DocumentSources.Fetched> fetch(URI source, long maxBytes, Deadline deadline) {
        String bucket = source.getHost();
        String key = source.getPath().substring(1);
        String origin = "s3://" + bucket + "/" + key;
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            return Future.failedFuture(SourceFailures.unreadable("'" + bucket + "' is not an S3 bucket name"));
        }
        if (source.getRawQuery() != null || source.getRawFragment() != null) {
            return Future.failedFuture(SourceFailures.unreadable("an s3:// source is s3://bucket/key: write '?'"
                    + " and '#' in a key as %3F and %23"));
        }
        Context context = vertx.getOrCreateContext();
        Future<String> signingRegion = region.region().recover(failure -> endpoint.isPresent()
                ? Future.succeededFuture(STORE_DEFAULT_REGION)
                : Future.failedFuture(SourceFailures.unavailable("no AWS region to read S3 in: set AWS_REGION ("
                + SourceFailures.shortened(failure.getMessage()) + ")", retryAfter)));
        return signingRegion.compose(signing -> Future.fromCompletionStage(credentials.identity(), context)
                .recover(failure -> Future.failedFuture(SourceFailures.unavailable("no AWS credentials to read S3"
                        + " with (" + SourceFailures.shortened(failure.getMessage()) + "); the read is tried again"
                        + " later", retryAfter)))
                .compose(identity -> send(bucket, key, origin, signing, identity, maxBytes, deadline)));
    }

    private Future<DocumentSources.Fetched> send(String bucket, String key, String origin, String signingRegion,
                                                 AwsCredentialsIdentity identity, long maxBytes, Deadline deadline) {
        URI url = objectUrl(endpoint, signingRegion, bucket, key);
        // A GET has no body: the signer hashes the empty payload and names it in x-amz-content-sha256.
        SdkHttpRequest signed = new SigV4(SigV4.S3, signingRegion).sign(SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET).uri(url).build(), null, identity);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(url.toString())
                .setHeaders(SigV4.headers(signed));
        return get.send(options, SigV4.authority(signed).orElse(null), maxBytes, deadline, origin).compose(answer -> {
            if (answer.status() != 200) {
                return Future.failedFuture(failure(origin, bucket, signingRegion, answer));
            }
            String type = answer.headers().get(HttpHeaders.CONTENT_TYPE);
            return Future.succeededFuture(new DocumentSources.Fetched(answer.body().getBytes(),
                    type == null ? "" : type));
        });
    }

    /**
     * The object's URL: path-style on an override, virtual-hosted on AWS but for a dotted bucket name. The key is
     * encoded as S3 signs it: every byte but the unreserved characters and {@code /}.
     */
    static URI objectUrl(Optional<URI> endpoint, String region, String bucket, String key) {
        if (endpoint.isPresent()) {
            String base = endpoint.get().toString().replaceFirst("/+$", "");
            return URI.create(base + "/" + bucket + "/" + encode(key));
        }
        String domain = AwsEndpoints.domain(region);
        return bucket.contains(".")
                ? URI.create("https://s3." + region + "." + domain + "/" + bucket + "/" + encode(key))
                : URI.create("https://" + bucket + ".s3." + region + "." + domain + "/" + encode(key));
    }

    private static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private ApiException failure(String origin, String bucket, String signingRegion, BoundedGet.Answer answer) {
        String error = answer.body().toString(StandardCharsets.UTF_8);
        String code = first(ERROR_CODE, error).orElse("");
        String message = first(ERROR_MESSAGE, error).map(m -> ": " + m).orElse("");
        Optional<String> bucketRegion = Optional.ofNullable(answer.headers().get("x-amz-bucket-region"))
                .or(() -> first(ERROR_REGION, error));
        if ((WRONG_REGION.contains(code) || answer.status() == 301) && bucketRegion.isPresent()
                && !bucketRegion.get().equals(signingRegion)) {
            return SourceFailures.unreadable("bucket " + bucket + " is in region " + bucketRegion.get()
                    + " and this gateway reads S3 in " + signingRegion + " (AWS_REGION)");
        }
        if (code.isEmpty() || answer.status() == 307) {
            // No S3 error document (a proxy's answer), or S3's redirect while a new bucket's name spreads.
            return answer.status() == 307
                    ? SourceFailures.unavailable("S3 redirected the read of " + origin + " for a while; it is"
                    + " tried again later", retryAfter)
                    : SourceFailures.forStatus(origin, answer.status(), null, retryAfter(answer));
        }
        String said = "S3 answered " + answer.status() + " " + code + " for " + origin + message;
        return PASSING.contains(code) || SourceFailures.passing(answer.status())
                ? SourceFailures.unavailable(said + "; the read is tried again later", retryAfter(answer))
                : SourceFailures.unreadable(said);
    }

    private Duration retryAfter(BoundedGet.Answer answer) {
        return SourceFailures.retryAfter(answer.headers().get(HttpHeaders.RETRY_AFTER), retryAfter);
    }

    private static Optional<String> first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }
}
