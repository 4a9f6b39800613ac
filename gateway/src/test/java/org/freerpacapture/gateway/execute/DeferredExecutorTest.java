package org.freerpacapture.gateway.execute;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.freerpacapture.gateway.http.HttpApi;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.GatedReader;
import org.freerpacapture.gateway.support.RunningGateway;
import org.freerpacapture.gateway.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** While models load, reads are refused with 503 and Retry-After; once installed, the executor serves. */
@ExtendWith(VertxExtension.class)
class DeferredExecutorTest {

    @Test
    void refuses_with_503_until_an_executor_is_installed_then_serves(Vertx vertx) throws Exception {
        DeferredExecutor deferred = new DeferredExecutor();
        try (RunningGateway gateway = RunningGateway.start(vertx, RunningGateway.loopbackConfig(), deferred,
                GatedReader.real())) {
            HttpResponse<Buffer> loading = post(gateway);
            assertEquals(503, loading.statusCode());
            assertEquals("provider_unavailable", loading.bodyAsJsonObject().getJsonObject("error").getString("code"));
            assertEquals("2", loading.getHeader("Retry-After"));

            deferred.install(new SingleProviderExecutor(new ScriptedProvider()));

            HttpResponse<Buffer> served = post(gateway);
            assertEquals(200, served.statusCode(), served.bodyAsString());
            assertEquals("test:scripted", served.getHeader("X-Provider"));
        }
    }

    private static HttpResponse<Buffer> post(RunningGateway gateway) throws Exception {
        return gateway.client.post(HttpApi.DOCUMENTS_ANALYZE).putHeader("Content-Type", "image/jpeg")
                .sendBuffer(Buffer.buffer(Fixtures.receiptJpeg())).await(10, TimeUnit.SECONDS);
    }
}
