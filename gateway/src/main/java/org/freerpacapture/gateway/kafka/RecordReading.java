package org.freerpacapture.gateway.kafka;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.http.ApiException;
import org.freerpacapture.gateway.http.JsonBodies;
import org.freerpacapture.gateway.http.Reading;
import org.freerpacapture.gateway.http.RequestScope;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.observability.RequestObservation;
import org.freerpacapture.ocr.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns one request record into what it produces: its result, or a dead letter (with an error result when the
 * request was well formed but failed for good). A failure that may pass (overload, a provider down, a source
 * unreachable, the deadline) is tried again after a growing wait, up to the configured attempts.
 */
final class RecordReading {

    private static final Logger LOG = LoggerFactory.getLogger(RecordReading.class);
    static final String INTAKE_POOL = "kafka-intake";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Header names of results and dead letters. */
    static final String STATUS = "status";
    static final String ROUTE = "route";
    static final String VARIANT = "variant";
    static final String PROVIDER = "provider";
    static final String DLQ_TOPIC = "dlq.topic";
    static final String DLQ_PARTITION = "dlq.partition";
    static final String DLQ_OFFSET = "dlq.offset";
    static final String DLQ_STATUS = "dlq.status";
    static final String DLQ_CODE = "dlq.code";
    static final String DLQ_MESSAGE = "dlq.message";
    static final String DLQ_ATTEMPTS = "dlq.attempts";

    /**
     * What reading a record produced: the records to write in the transaction that commits its offset.
     *
     * @param records what to write
     * @param outcome {@code read}, {@code dead_letter} or {@code failed}
     */
    record Produced(List<ProducerRecord<byte[], byte[]>> records, String outcome) {
    }

    private final Vertx vertx;
    private final Reading reading;
    private final DocumentSources sources;
    private final Observability observability;
    private final KafkaSettings settings;
    private final KafkaMetrics metrics;
    private final WorkerExecutor intake;
    private final ReplyTopics replyTopics;
    private final long maxBytes;
    private final Duration timeout;
    private final String region;

    RecordReading(Vertx vertx, Reading reading, DocumentSources sources, ReplyTopics replyTopics,
                  Observability observability, KafkaSettings settings, KafkaMetrics metrics, long maxBytes,
                  Duration timeout, String region) {
        this.replyTopics = replyTopics;
        this.vertx = vertx;
        this.reading = reading;
        this.sources = sources;
        this.observability = observability;
        this.settings = settings;
        this.metrics = metrics;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.region = region;
        this.intake = vertx.createSharedWorkerExecutor(INTAKE_POOL, 1);
    }

    /**
     * Reads {@code record}: every ending is a {@link Produced}, except a broker that cannot say whether the
     * record's {@code replyTo} exists, which fails it (the worker rewinds and reads it again).
     */
    Future<Produced> read(ConsumerRecord<byte[], byte[]> record, AtomicBoolean revoked) {
        // Parsing holds a base64 document of up to the upload limit: off the event loop.
        return intake.executeBlocking(() -> RequestEnvelope.parse(record.value(), maxBytes), false)
                .transform(parsed -> {
                    if (parsed.failed()) {
                        if (parsed.cause() instanceof RequestEnvelope.Refused refused) {
                            return Future.succeededFuture(deadLetter(record, refused.status(), refused.code(),
                                    refused.getMessage(), 1));
                        }
                        return Future.succeededFuture(deadLetter(record, 500, "internal_error",
                                "the gateway could not read this record", 1));
                    }
                    RequestEnvelope envelope = parsed.result();
                    return checkReplyTo(envelope).transform(checked -> {
                        if (checked.failed()) {
                            ApiException error = ApiException.of(checked.cause());
                            // Unreachable broker: not the record's fault; it is read again after the rewind.
                            return passing(error) ? Future.failedFuture(checked.cause())
                                    : Future.succeededFuture(deadLetter(record, error.status(), error.code(),
                                            error.getMessage(), 1));
                        }
                        return attempt(record, envelope, 1, revoked);
                    });
                });
    }

    private Future<Produced> attempt(ConsumerRecord<byte[], byte[]> record, RequestEnvelope envelope, int attempt,
                                     AtomicBoolean revoked) {
        RequestScope scope = new RequestScope(envelope.requestId(), timeout, Deadline.after(timeout),
                System.nanoTime(), new AtomicBoolean());
        RequestObservation observation = observability.beginRecord(envelope.requestId(), record.topic(),
                textHeaders(record));
        observation.tenant(envelope.tenant());
        return document(envelope, scope)
                .compose(doc -> reading.read(new Reading.Call(envelope.task(), doc.bytes(), doc.contentType(),
                        envelope.query(), envelope.headers(), envelope.params(), region, envelope.caller()), scope,
                        observation))
                .transform(done -> {
                    if (done.succeeded()) {
                        observation.finish(200, "ok");
                        return Future.succeededFuture(result(record, envelope, done.result(), observation));
                    }
                    ApiException error = ApiException.of(done.cause());
                    observation.finish(error.status(), error.code());
                    if (!passing(error)) {
                        return Future.succeededFuture(deadLetter(record, error.status(), error.code(),
                                error.getMessage(), attempt));
                    }
                    if (attempt >= settings.attempts() || revoked.get()) {
                        Produced dead = deadLetter(record, error.status(), error.code(), error.getMessage(), attempt);
                        return Future.succeededFuture(withFailure(dead, record, envelope, error, observation));
                    }
                    metrics.retry();
                    LOG.debug("request {} attempt {} failed with {}; trying again", envelope.requestId(), attempt,
                            error.code());
                    return later(backoff(attempt, error))
                            .compose(v -> attempt(record, envelope, attempt + 1, revoked));
                });
    }

    private Future<Void> checkReplyTo(RequestEnvelope envelope) {
        return envelope.replyTo().map(replyTopics::check).orElse(Future.succeededFuture());
    }

    /** The document inline, or fetched from its source. */
    private Future<DocumentSources.Fetched> document(RequestEnvelope envelope, RequestScope scope) {
        if (envelope.data() != null) {
            return Future.succeededFuture(new DocumentSources.Fetched(envelope.data(), envelope.contentType()));
        }
        return sources.fetch(envelope.source(), maxBytes, scope.deadline())
                .map(fetched -> envelope.contentType().isEmpty() ? fetched
                        : new DocumentSources.Fetched(fetched.bytes(), envelope.contentType()));
    }

    /** Whether waiting may help: overload, throttling, a provider or source down, the deadline. */
    static boolean passing(ApiException error) {
        int status = error.status();
        return status == 408 || status == 429 || status >= 500;
    }

    private Duration backoff(int attempt, ApiException error) {
        Duration grown = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
        Duration wait = grown.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : grown;
        return error.retryAfter().filter(asked -> asked.compareTo(wait) > 0 && asked.compareTo(MAX_BACKOFF) <= 0)
                .orElse(wait);
    }

    private Future<Void> later(Duration wait) {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(Math.max(1, wait.toMillis()), id -> promise.complete());
        return promise.future();
    }

    private Produced result(ConsumerRecord<byte[], byte[]> record, RequestEnvelope envelope, Reading.Answer answer,
                            RequestObservation observation) {
        RecordHeaders headers = replyHeaders(observation, 200);
        headers.add(ROUTE, utf8(answer.outcome().route()));
        headers.add(VARIANT, utf8(answer.outcome().variant()));
        headers.add(PROVIDER, utf8(answer.outcome().result().provider().id()));
        byte[] value = JsonBodies.write(answer.body()).getBytes();
        return new Produced(List.of(new ProducerRecord<>(replyTopic(envelope), null, record.key(), value, headers)),
                "read");
    }

    /** A well-formed request that failed for good also answers its caller, on the topic it reads. */
    private Produced withFailure(Produced dead, ConsumerRecord<byte[], byte[]> record, RequestEnvelope envelope,
                                 ApiException error, RequestObservation observation) {
        RecordHeaders headers = replyHeaders(observation, error.status());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", envelope.requestId());
        body.put("status", error.status());
        body.put("error", Map.of("code", error.code(), "message", error.getMessage()));
        ProducerRecord<byte[], byte[]> failure = new ProducerRecord<>(replyTopic(envelope), null, record.key(),
                JsonBodies.write(body).getBytes(), headers);
        return new Produced(List.of(dead.records().get(0), failure), "failed");
    }

    /** A reply's trace (the request's, carried on) and status. */
    private static RecordHeaders replyHeaders(RequestObservation observation, int status) {
        RecordHeaders headers = new RecordHeaders();
        observation.propagation().forEach((name, value) -> headers.add(name, utf8(value)));
        headers.add(STATUS, utf8(String.valueOf(status)));
        return headers;
    }

    /** The record as it came, with where it came from and why it can never be read. */
    private Produced deadLetter(ConsumerRecord<byte[], byte[]> record, int status, String code, String message,
                                int attempts) {
        metrics.deadLetter(code);
        LOG.warn("record {}-{}@{} to the dead-letter topic: {} {}", record.topic(), record.partition(),
                record.offset(), status, code);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h.key(), h.value());
        }
        headers.add(DLQ_TOPIC, utf8(record.topic()));
        headers.add(DLQ_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(DLQ_OFFSET, utf8(String.valueOf(record.offset())));
        headers.add(DLQ_STATUS, utf8(String.valueOf(status)));
        headers.add(DLQ_CODE, utf8(code));
        headers.add(DLQ_MESSAGE, utf8(message == null ? "" : message));
        headers.add(DLQ_ATTEMPTS, utf8(String.valueOf(attempts)));
        return new Produced(List.of(new ProducerRecord<>(settings.dlqTopic(), null, record.key(), record.value(),
                headers)), "dead_letter");
    }

    private String replyTopic(RequestEnvelope envelope) {
        return envelope.replyTo().orElse(settings.resultsTopic());
    }

    private static Map<String, String> textHeaders(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : List.of("traceparent", "tracestate")) {
            Header h = record.headers().lastHeader(name);
            if (h != null && h.value() != null) {
                out.put(name, new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void close() {
        intake.close();
        replyTopics.close();
    }
}
