package dev.switchboard.platform.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Liveness, readiness (the database answers) and Prometheus metrics. */
public final class OperationsEndpoint implements Endpoint {

    private static final long READY_TIMEOUT_MS = 2_000;

    private final Pool pool;
    private final PrometheusMeterRegistry registry;

    public OperationsEndpoint(Pool pool, PrometheusMeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }

    private void live(RoutingContext ctx) {
        Responses.ok(ctx, new JsonObject().put("status", "up"));
    }

    private void ready(RoutingContext ctx) {
        pool.query("SELECT 1").execute()
                .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onSuccess(rows -> Responses.ok(ctx, new JsonObject().put("status", "up")
                        .put("checks", new JsonObject().put("database", "up"))))
                .onFailure(err -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", "down")
                                .put("checks", new JsonObject().put("database", "down")).toBuffer()));
    }
}
