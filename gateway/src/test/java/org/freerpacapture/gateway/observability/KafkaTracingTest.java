package org.freerpacapture.gateway.observability;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.freerpacapture.gateway.Gateway;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.KafkaSettings;
import org.freerpacapture.gateway.kafka.KafkaBroker;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A request record is read in the producer's trace: consume → decode, route → the result's traceparent. */
class KafkaTracingTest {

    @Test
    void a_request_record_continues_the_producers_trace_to_its_result(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, TestPolicies.single("{\"kind\": \"test\"}"));
        Spans spans = new Spans();
        Observability observability = Observability.of(Telemetry.of(spans.sdk), ProviderPrices.NONE);
        Vertx vertx = observability.newVertx(new VertxOptions());
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("traced.requests", 1, Map.of());
            broker.createTopic("traced.results", 1, Map.of());
            GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                    .withWarmup(false).withPolicyFile(policy)
                    .withKafka(KafkaSettings.OFF.withBootstrap(broker.bootstrap())
                            .withTopics("traced.requests", "traced.results", "traced.dlq", "traced.policy")
                            .withInstanceId("traced"));
            Gateway gateway = Gateway.start(vertx, config, observability).await(30, TimeUnit.SECONDS);
            try {
                gateway.ready().await(60, TimeUnit.SECONDS);
                try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                    ProducerRecord<byte[], byte[]> request = new ProducerRecord<>("traced.requests",
                            "t-1".getBytes(StandardCharsets.UTF_8), ("{\"requestId\": \"t-1\", \"task\": \"document\","
                            + " \"contentType\": \"image/jpeg\", \"data\": \""
                            + Base64.getEncoder().encodeToString(Fixtures.receiptJpeg()) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
                    request.headers().add("traceparent", TracingTest.TRACEPARENT.getBytes(StandardCharsets.UTF_8));
                    producer.send(request).get();
                }
                List<ConsumerRecord<byte[], byte[]>> results = broker.readUntil("traced.results",
                        Duration.ofSeconds(60), r -> !r.isEmpty());
                String traceparent = new String(results.get(0).headers().lastHeader("traceparent").value(),
                        StandardCharsets.UTF_8);

                SpanData process = spans.await("the record's consumer span", s -> s.getKind() == SpanKind.CONSUMER
                        && s.getName().equals(SpanNames.PROCESS + " traced.requests"));
                assertEquals(TracingTest.TRACE_ID, process.getTraceId(), "in the producer's trace");
                assertEquals(TracingTest.TRACEPARENT.split("-")[2], process.getParentSpanId(),
                        "a child of the producer's span");
                assertEquals("t-1", process.getAttributes().get(SpanNames.REQUEST_ID));
                assertEquals("kafka", process.getAttributes().get(SpanNames.MESSAGING_SYSTEM));
                spans.named(SpanNames.DECODE, process);
                spans.named(SpanNames.PROVIDER_CALL, spans.named(SpanNames.ROUTE, process));
                assertEquals("00-" + TracingTest.TRACE_ID + "-" + process.getSpanId() + "-01", traceparent,
                        "the result carries the consumer span on");
            } finally {
                gateway.stop().await(30, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
