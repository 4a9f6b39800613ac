package org.freerpacapture.gateway.hostile;

import io.vertx.core.Vertx;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.support.Fixtures;
import org.freerpacapture.gateway.support.RawHttp;
import org.freerpacapture.gateway.support.ReadyGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every hostile input of {@link HostileInputs} against the whole gateway with its local engine: each gets the
 * answer it names, in time, and the gateway reads a normal receipt after each one.
 */
class HostileInputsTest {

    private static Vertx vertx;
    private static ReadyGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withHttpPort(0).withAdminPort(0)
                .withWarmup(false).withAdminToken(HostileInputs.TOKEN)
                .withConnections(GatewayConfig.Connections.DEFAULTS.withTimeouts(Duration.ofSeconds(10),
                        Duration.ofSeconds(2), Duration.ofSeconds(2)));
        gateway = ReadyGateway.start(vertx, config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @TestFactory
    List<DynamicTest> each_hostile_input_gets_its_answer_and_a_receipt_is_read_after_it() {
        List<DynamicTest> tests = new ArrayList<>();
        for (HostileCase c : HostileInputs.all()) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                int port = c.listener() == HostileCase.Listener.API ? gateway.gateway.port()
                        : gateway.gateway.adminPort();
                RawHttp.Response r = RawHttp.exchange(port, c.request(), c.within());
                assertEquals(c.status(), r.status(), c.name() + ": " + r.body());
                if (r.status() >= 400) {
                    HostileInputs.assertErrorShape(r, c.code());
                }
                c.also().accept(r);
                assertReadsAReceipt();
            }));
        }
        return tests;
    }

    private static void assertReadsAReceipt() throws Exception {
        RawHttp.Response r = RawHttp.exchange(gateway.gateway.port(), HostileInputs.post(HostileInputs.DOCS,
                "image/jpeg", Fixtures.receiptJpeg()), Duration.ofSeconds(20));
        assertEquals(200, r.status(), "the receipt after it: " + r.body());
    }
}
