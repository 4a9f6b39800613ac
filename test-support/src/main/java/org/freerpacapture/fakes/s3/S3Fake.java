package org.freerpacapture.fakes.s3;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.freerpacapture.fakes.FaultPlan;
import org.freerpacapture.fakes.SigV4Authorization;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback Amazon S3 answering GetObject path-style ({@code GET /<bucket>/<key>}) for the objects a test
 * {@link #put}s. Each request must carry a well-formed SigV4 header scoped to the fake's region and service
 * {@code s3}, signing {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256}; its signature is verified
 * too for keys given to {@link #acceptKey}. Errors are S3's XML error documents: {@code NoSuchBucket} and
 * {@code NoSuchKey} (404), {@code AccessDenied} (403, for {@link #deny denied} buckets),
 * {@code SignatureDoesNotMatch} (403), {@code PermanentRedirect} (301, for buckets {@link #inRegion in another
 * region}), and on demand through {@link #faults()}: {@code SlowDown} (503, for a throttle), {@code InternalError}
 * (500, for a server error), a 500 without an error document (a proxy's page, for a malformed answer), a dropped
 * connection, or any status and code.
 */
public final class S3Fake implements AutoCloseable {

    public static final String DEFAULT_REGION = "us-east-1";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private record StoredObject(byte[] bytes, String contentType) {
    }

    private final Vertx vertx;
    private final String region;
    private final HttpServer server;
    private final FaultPlan faults = new FaultPlan();
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<S3Get> gets = new CopyOnWriteArrayList<>();

    private S3Fake(Vertx vertx, String region) {
        this.vertx = vertx;
        this.region = region;
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    /** Starts on a free loopback port, for region {@value #DEFAULT_REGION}. */
    public static Future<S3Fake> start(Vertx vertx) {
        return start(vertx, DEFAULT_REGION);
    }

    public static Future<S3Fake> start(Vertx vertx, String region) {
        S3Fake fake = new S3Fake(vertx, region);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** The endpoint to read from, path-style. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    public String region() {
        return region;
    }

    /** Stores an object; the bucket exists from then on. */
    public S3Fake put(String bucket, String key, byte[] bytes, String contentType) {
        bucketRegions.putIfAbsent(bucket, region);
        objects.put(bucket + "/" + key, new StoredObject(bytes.clone(), contentType));
        return this;
    }

    /** Makes every read of {@code bucket} answer AccessDenied, as a bucket policy that does not grant it would. */
    public S3Fake deny(String bucket) {
        bucketRegions.putIfAbsent(bucket, region);
        denied.add(bucket);
        return this;
    }

    /** Makes {@code bucket} live in {@code bucketRegion}: reads signed for another answer PermanentRedirect. */
    public S3Fake inRegion(String bucket, String bucketRegion) {
        bucketRegions.put(bucket, bucketRegion);
        return this;
    }

    /** Verifies the signature of every request signed with {@code accessKeyId}, as S3 does. */
    public S3Fake acceptKey(String accessKeyId, String secret) {
        secrets.put(accessKeyId, secret);
        return this;
    }

    public FaultPlan faults() {
        return faults;
    }

    /** GetObject requests that passed the signature checks, oldest first. */
    public List<S3Get> gets() {
        return List.copyOf(gets);
    }

    public Future<Void> stop() {
        return server.close();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpServerRequest request) {
        Duration delay = faults.latency();
        if (delay.isZero()) {
            answer(request);
        } else {
            vertx.setTimer(delay.toMillis(), t -> answer(request));
        }
    }

    private void answer(HttpServerRequest request) {
        String rawPath = request.path();
        if (request.method() != HttpMethod.GET) {
            error(request, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            return;
        }
        int slash = rawPath.indexOf('/', 1);
        if (slash < 0 || slash == rawPath.length() - 1) {
            error(request, 400, "InvalidRequest", "This fake answers GetObject only: GET /<bucket>/<key>.");
            return;
        }
        String bucket = decode(rawPath.substring(1, slash));
        String key = decode(rawPath.substring(slash + 1));
        SigV4Authorization auth;
        try {
            auth = SigV4Authorization.parse(request.getHeader("Authorization"));
        } catch (IllegalArgumentException e) {
            error(request, request.getHeader("Authorization") == null ? 403 : 400,
                    request.getHeader("Authorization") == null ? "AccessDenied" : "AuthorizationHeaderMalformed",
                    e.getMessage());
            return;
        }
        String amzDate = request.getHeader("X-Amz-Date");
        String payloadHash = request.getHeader("x-amz-content-sha256");
        if (amzDate == null || !amzDate.matches("\\d{8}T\\d{6}Z") || !amzDate.startsWith(auth.date())) {
            error(request, 400, "AuthorizationHeaderMalformed", "X-Amz-Date is missing or not the credential's date");
            return;
        }
        if (payloadHash == null || !(payloadHash.equals("UNSIGNED-PAYLOAD") || payloadHash.equals(EMPTY_SHA256))) {
            error(request, 400, "InvalidArgument", "x-amz-content-sha256 must be present: UNSIGNED-PAYLOAD or the"
                    + " SHA-256 of the empty body of a GET");
            return;
        }
        if (!auth.signedHeaders().containsAll(List.of("host", "x-amz-content-sha256", "x-amz-date"))) {
            error(request, 400, "AuthorizationHeaderMalformed", "SignedHeaders must include host, "
                    + "x-amz-content-sha256 and x-amz-date");
            return;
        }
        if (!"s3".equals(auth.service())) {
            error(request, 400, "AuthorizationHeaderMalformed", "The authorization header is malformed; incorrect"
                    + " service \"" + auth.service() + "\". This endpoint belongs to \"s3\".");
            return;
        }
        String secret = secrets.get(auth.accessKeyId());
        if (secret != null && !auth.verify(secret, "GET", rawPath, request.headers(), payloadHash)) {
            error(request, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the"
                    + " signature you provided. Check your key and signing method.");
            return;
        }
        gets.add(new S3Get(bucket, key, rawPath, auth.region(), auth.accessKeyId(), auth.signedHeaders(),
                payloadHash, request.getHeader("X-Amz-Security-Token")));
        var fault = faults.next();
        if (fault.isPresent()) {
            inject(request, fault.get());
            return;
        }
        String bucketRegion = bucketRegions.get(bucket);
        if (bucketRegion == null) {
            error(request, 404, "NoSuchBucket", "The specified bucket does not exist");
            return;
        }
        if (!bucketRegion.equals(auth.region())) {
            request.response().putHeader("x-amz-bucket-region", bucketRegion);
            error(request, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed"
                    + " using the specified endpoint. Please send all future requests to this endpoint.");
            return;
        }
        if (denied.contains(bucket)) {
            error(request, 403, "AccessDenied", "Access Denied");
            return;
        }
        StoredObject object = objects.get(bucket + "/" + key);
        if (object == null) {
            error(request, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        request.response().setStatusCode(200)
                .putHeader("Content-Type", object.contentType())
                .putHeader("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(object.bytes())) + "\"")
                .putHeader("x-amz-request-id", UUID.randomUUID().toString())
                .end(Buffer.buffer(object.bytes()));
    }

    private void inject(HttpServerRequest request, FaultPlan.Fault fault) {
        if (fault.retryAfter() != null) {
            request.response().putHeader("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
        }
        switch (fault.kind()) {
            case THROTTLE -> error(request, 503, "SlowDown", "Please reduce your request rate.");
            case SERVER_ERROR -> error(request, 500, "InternalError", "We encountered an internal error. Please"
                    + " try again.");
            case MALFORMED_JSON -> request.response().setStatusCode(500).end("<html>proxy error</html>");
            case DROP_CONNECTION -> request.connection().close();
            case ERROR -> error(request, fault.status(), fault.code(), fault.message());
        }
    }

    private static void error(HttpServerRequest request, int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/xml")
                .end(xml);
    }

    /** Percent-decoding as S3 reads a path: {@code +} is a plus. */
    private static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && HexFormat.isHexDigit(raw.charAt(i + 1))
                    && HexFormat.isHexDigit(raw.charAt(i + 2))) {
                out.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
