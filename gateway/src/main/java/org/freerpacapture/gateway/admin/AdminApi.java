package org.freerpacapture.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.freerpacapture.gateway.LiveRouting;
import org.freerpacapture.gateway.config.GatewayConfig;
import org.freerpacapture.gateway.http.ConnectionGuard;
import org.freerpacapture.gateway.observability.Observability;
import org.freerpacapture.gateway.routing.GuardWindow;
import org.freerpacapture.gateway.tenants.TenantsReport;
import org.freerpacapture.gateway.tls.ListenerTls;
import org.freerpacapture.inference.ppocr.runtime.InferencePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API: its own listener (port {@code GATEWAY_ADMIN_PORT}), every call authorized by
 * {@code Authorization: Bearer <token>}: {@code GATEWAY_ADMIN_TOKEN} (an operator) or a named token of
 * {@code GATEWAY_ADMIN_TOKENS_FILE} (a viewer or an operator). A viewer reads; a change needs an operator. Without
 * any token it refuses every call (403) and says so in the log at start. Endpoints and examples:
 * {@code docs/routing.md}, roles: {@code docs/tenants.md}.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    public static final String ROUTING = "/admin/routing";
    public static final String SCHEMA = "/admin/routing/schema";
    public static final String HISTORY = "/admin/routing/history";
    public static final String CANARY = "/admin/routes/:name/canary";
    public static final String PROMOTE = "/admin/routes/:name/promote";
    public static final String ROLLBACK = "/admin/routes/:name/rollback";
    public static final String STATS = "/admin/stats";
    /** The console's reads: {@code /admin/console/read} and {@code /admin/console/compare}. */
    public static final String CONSOLE_API = "/admin/console/";
    /** The operator console's page (its files hold no data and need no token). */
    public static final String CONSOLE = ConsoleAssets.PATH;
    /** Who the caller is to the admin API: name and role. */
    public static final String IDENTITY = "/admin/identity";
    /** Each tenant's plan, and its pages and cloud spend this day and month. */
    public static final String TENANTS = "/admin/tenants";
    /** Prometheus metrics; unauthenticated (see docs/observability.md), so scrapers need no admin token. */
    public static final String METRICS = Observability.METRICS_PATH;

    /** Window of {@code /admin/stats} unless {@code ?window=} names another (10s..1h). */
    public static final Duration DEFAULT_STATS_WINDOW = Duration.ofMinutes(5);
    /** Largest policy document accepted. */
    static final long MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ListenerTls tls;

    private AdminApi(HttpServer server, ListenerTls tls) {
        this.server = server;
        this.tls = tls;
    }

    /**
     * Binds {@code host:port} (0 picks a free port) and serves.
     *
     * @param token     the bearer token; empty refuses everything
     * @param inference the local inference pool, whose queue {@code /admin/stats} reports, if there is one
     */
    public static Future<AdminApi> start(Vertx vertx, String host, int port, LiveRouting routing,
                                         Optional<String> token, Optional<InferencePool> inference) {
        return start(vertx, host, port, routing, token, inference, Optional.empty());
    }

    /** As above, also serving {@code GET /metrics} with {@code metrics} when given. */
    public static Future<AdminApi> start(Vertx vertx, String host, int port, LiveRouting routing,
                                         Optional<String> token, Optional<InferencePool> inference,
                                         Optional<Handler<RoutingContext>> metrics) {
        return start(vertx, host, port, routing, token, inference, metrics, GatewayConfig.Tls.NONE,
                GatewayConfig.Connections.DEFAULTS);
    }

    /**
     * As above, over TLS when {@code tls} is enabled (with its {@code adminClientCa} set, a client must also present
     * a certificate from those CAs before any request is read), holding its connections within {@code limits}.
     */
    public static Future<AdminApi> start(Vertx vertx, String host, int port, LiveRouting routing,
                                         Optional<String> token, Optional<InferencePool> inference,
                                         Optional<Handler<RoutingContext>> metrics, GatewayConfig.Tls tls,
                                         GatewayConfig.Connections limits) {
        return start(vertx, host, port, routing, AdminTokens.of(token), inference, metrics, tls, limits);
    }

    /** As above, with the admin tokens in force given whole (named tokens read again as their file changes). */
    public static Future<AdminApi> start(Vertx vertx, String host, int port, LiveRouting routing,
                                         AdminTokens tokens, Optional<InferencePool> inference,
                                         Optional<Handler<RoutingContext>> metrics, GatewayConfig.Tls tls,
                                         GatewayConfig.Connections limits) {
        return start(vertx, host, port, routing, tokens, inference, metrics, tls, limits, Optional.empty());
    }

    /** As above, also serving the operator console ({@code /console}) and its reads when {@code console} is given. */
    public static Future<AdminApi> start(Vertx vertx, String host, int port, LiveRouting routing,
                                         AdminTokens tokens, Optional<InferencePool> inference,
                                         Optional<Handler<RoutingContext>> metrics, GatewayConfig.Tls tls,
                                         GatewayConfig.Connections limits, Optional<ConsoleReads> console) {
        if (!tokens.configured()) {
            LOG.warn("admin API: neither GATEWAY_ADMIN_TOKEN nor GATEWAY_ADMIN_TOKENS_FILE gives a token, so every"
                    + " admin call is refused (403)");
        }
        Router router = router(vertx, routing, tokens, new StatsReport(routing, inference), metrics, console);
        ConnectionGuard guard = new ConnectionGuard(vertx, "admin API", limits, limits.bodyTimeout());
        return ListenerTls.load(vertx, tls, true, "admin API").compose(listenerTls -> guard
                .install(vertx.createHttpServer(listenerTls.applyTo(listenerOptions(host, port, limits))), router)
                .listen()
                .map(bound -> {
                    listenerTls.watch(bound);
                    LOG.info("admin API listening on {}:{}{}", host, bound.actualPort(), !tls.enabled() ? ""
                            : tls.adminClientCa() == null ? " (TLS)" : " (TLS, client certificate required)");
                    return new AdminApi(bound, listenerTls);
                }));
    }

    static Router router(Vertx vertx, LiveRouting routing, AdminTokens tokens, StatsReport stats,
                         Optional<Handler<RoutingContext>> metrics) {
        return router(vertx, routing, tokens, stats, metrics, Optional.empty());
    }

    static Router router(Vertx vertx, LiveRouting routing, AdminTokens tokens, StatsReport stats,
                         Optional<Handler<RoutingContext>> metrics, Optional<ConsoleReads> console) {
        RoutingEndpoints endpoints = new RoutingEndpoints(routing);
        Router router = Router.router(vertx);
        // Before the token check: the admin token may change routing, a scraper must not need it.
        metrics.ifPresent(handler -> router.get(METRICS).handler(handler));
        // The console's files hold no data; every call they make for data carries the token.
        console.ifPresent(c -> new ConsoleAssets(vertx).install(router));
        router.route().handler(ctx -> authorize(ctx, tokens));
        BodyHandler policyBodies = BodyHandler.create().setBodyLimit(MAX_BODY).setHandleFileUploads(false);
        // A document for the console to read may be as large as the public API takes.
        BodyHandler documents = BodyHandler.create()
                .setBodyLimit(console.map(ConsoleReads::maxBytes).orElse(MAX_BODY))
                .setHandleFileUploads(false).setMergeFormAttributes(false);
        router.route().handler(ctx -> (ctx.request().path().startsWith(CONSOLE_API) ? documents : policyBodies)
                .handle(ctx));
        console.ifPresent(c -> {
            router.post(ConsoleReads.READ).handler(c::read);
            router.post(ConsoleReads.COMPARE).handler(c::compare);
        });
        router.get(ROUTING).handler(endpoints::get);
        router.put(ROUTING).handler(endpoints::put);
        router.get(SCHEMA).handler(endpoints::schema);
        router.get(HISTORY).handler(endpoints::history);
        router.post(CANARY).handler(endpoints::canary);
        router.post(PROMOTE).handler(endpoints::promote);
        router.post(ROLLBACK).handler(endpoints::rollback);
        router.get(STATS).handler(ctx -> stats(ctx, stats));
        router.get(IDENTITY).handler(ctx -> {
            AdminIdentity who = AdminIdentity.of(ctx);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("name", who.name());
            body.put("role", who.role().label());
            AdminJson.send(ctx, 200, body);
        });
        router.get(TENANTS).handler(ctx -> AdminJson.send(ctx, 200, TenantsReport.build(routing.usage())));
        router.route().failureHandler(AdminApi::failed);
        router.errorHandler(404, ctx -> AdminJson.error(ctx, 404, "not_found", "no such admin resource"));
        router.errorHandler(405, ctx -> AdminJson.error(ctx, 405, "method_not_allowed",
                "this admin resource does not accept that method"));
        return router;
    }

    /** Everything the admin listener is opened with. */
    static HttpServerOptions listenerOptions(String host, int port, GatewayConfig.Connections limits) {
        return ConnectionGuard.options(host, port, limits);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        tls.close();
        return server.close();
    }

    private static void authorize(RoutingContext ctx, AdminTokens tokens) {
        if (!tokens.configured()) {
            AdminJson.error(ctx, 403, "admin_disabled", "the admin API is disabled: neither GATEWAY_ADMIN_TOKEN nor"
                    + " GATEWAY_ADMIN_TOKENS_FILE gives a token");
            return;
        }
        Optional<AdminIdentity> who = tokens.identify(ctx.request().getHeader("Authorization"));
        if (who.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gateway-admin\"");
            AdminJson.error(ctx, 401, "unauthorized", "admin calls need Authorization: Bearer <token>");
        } else if (!who.get().mayChange() && changes(ctx)) {
            AdminJson.error(ctx, 403, "forbidden", "'" + who.get().name() + "' is a viewer: changes need an operator's"
                    + " token");
        } else {
            who.get().attachTo(ctx);
            ctx.next();
        }
    }

    /**
     * Whether a call changes something: every method but GET and HEAD, except the console's reads, which POST a
     * document to look at and change nothing (docs/console.md).
     */
    private static boolean changes(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        return !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)
                && !ctx.request().path().startsWith(CONSOLE_API);
    }

    private static void stats(RoutingContext ctx, StatsReport stats) {
        String asked = ctx.queryParams().get("window");
        Optional<Duration> window = asked == null ? Optional.of(DEFAULT_STATS_WINDOW) : GuardWindow.parse(asked)
                .filter(d -> d.compareTo(GuardWindow.MIN) >= 0 && d.compareTo(GuardWindow.MAX) <= 0);
        if (window.isEmpty()) {
            AdminJson.error(ctx, 400, "bad_request", "window must lie between 10s and 1h, like 30s, 5m or 1h");
            return;
        }
        AdminJson.send(ctx, 200, stats.build(window.get()));
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            AdminJson.error(ctx, 413, "payload_too_large", ctx.request().path().startsWith(CONSOLE_API)
                    ? "the document is larger than the gateway reads (GATEWAY_MAX_BYTES)"
                    : "admin bodies are limited to " + MAX_BODY + " bytes");
            return;
        }
        if (ctx.failure() != null) {
            LOG.error("admin call {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        AdminJson.error(ctx, 500, "internal_error", "the admin call failed; see the gateway log");
    }
}
