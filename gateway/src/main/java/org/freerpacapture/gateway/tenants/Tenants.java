package org.freerpacapture.gateway.tenants;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.config.ReloadedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tenants' plans in force and what enforces them; the plans file, when there is one, read again as it changes.
 */
public final class Tenants implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tenants.class);
    /** How often buckets back at full are forgotten. */
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final RateLimits rates;
    private volatile TenantPlans plans;
    private volatile Consumer<TenantPlans> listener = p -> { };
    private Optional<ReloadedSource<TenantPlans>> file = Optional.empty();
    private Optional<Runnable> stopSweeping = Optional.empty();

    private Tenants(TenantPlans plans) {
        this.plans = plans;
        this.rates = new RateLimits(plans);
    }

    /** Every tenant weight 1 and unlimited: the embedded default, and what tests without plans use. */
    public static Tenants unlimited() {
        return new Tenants(TenantPlans.NONE);
    }

    /** With these plans, fixed. */
    public static Tenants of(TenantPlans plans) {
        return new Tenants(plans);
    }

    /** The plans of {@code GATEWAY_TENANTS_FILE}, watched; unlimited without it. */
    public static Future<Tenants> load(Vertx vertx, GatewayConfig config) {
        Path path = config.tenancy().plansFile();
        Tenants tenants = unlimited();
        if (path == null) {
            return Future.succeededFuture(tenants);
        }
        return ReloadedSource.file(vertx, "tenants file", path,
                        bytes -> TenantPlans.parse(new String(bytes, StandardCharsets.UTF_8), path.toString()))
                .start()
                .map(source -> {
                    tenants.file = Optional.of(source);
                    source.onChange(tenants::replace);
                    long sweep = vertx.setPeriodic(SWEEP_INTERVAL.toMillis(), id -> tenants.rates.sweep());
                    tenants.stopSweeping = Optional.of(() -> vertx.cancelTimer(sweep));
                    return tenants;
                });
    }

    public TenantPlans plans() {
        return plans;
    }

    public RateLimits rates() {
        return rates;
    }

    /** Told of every new plans in force (the local engine's weights follow them). */
    public void onChange(Consumer<TenantPlans> next) {
        listener = next;
        next.accept(plans);
    }

    private void replace(TenantPlans next) {
        plans = next;
        rates.replace(next);
        listener.accept(next);
        LOG.info("tenants' plans in force: {} named tenant(s), weights {}", next.tenants().size(), next.weights());
    }

    @Override
    public void close() {
        file.ifPresent(ReloadedSource::close);
        stopSweeping.ifPresent(Runnable::run);
    }
}
