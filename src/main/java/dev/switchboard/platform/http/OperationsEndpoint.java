package dev.switchboard.platform.http;

import dev.switchboard.platform.worker.PollingWorker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * Liveness, readiness (the database answers; details list parked events by consumer and this node's background
 * workers whose batches keep failing) and Prometheus metrics.
 */
public final class OperationsEndpoint implements Endpoint {

    private static final long READY_TIMEOUT_MS = 2_000;
    /** The readiness probe's query: it proves the database answers and counts events the work consumers parked. */
    private static final String PARKED = "SELECT consumer, parked FROM parked_event_counts()";

    /** Failed batches in a row of a background worker, per worker of this node; zero while it works. */
    static final String FAILING_BATCHES = "switchboard.worker.failing.batches";

    private final Pool pool;
    private final PrometheusMeterRegistry registry;
    private final java.util.Set<String> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public OperationsEndpoint(Pool pool, PrometheusMeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        io.vertx.core.Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(registry);
        router.get("/metrics").handler(ctx -> {
            gaugeWorkers(ctx.vertx());
            scrape.handle(ctx);
        });
    }

    @Override
    public String openApiFragment() {
        return "openapi/operations.json";
    }

    /** Registers the failing-batches gauge of every background worker this node has started, once each. */
    private void gaugeWorkers(io.vertx.core.Vertx vertx) {
        for (String worker : vertx.sharedData().<String, Boolean>getLocalMap(PollingWorker.RUNNING).keySet()) {
            if (gauged.add(worker)) {
                io.micrometer.core.instrument.Gauge.builder(FAILING_BATCHES, () -> PollingWorker.failingBatches(vertx, worker))
                        .tag("worker", worker)
                        .description("failed batches in a row of a background worker, from the third (as /health/ready lists it); 0 while it works")
                        .strongReference(true)
                        .register(registry);
            }
        }
    }

    private void live(RoutingContext ctx) {
        Responses.ok(ctx, new JsonObject().put("status", "up"));
    }

    private void ready(RoutingContext ctx) {
        pool.query(PARKED).execute()
                .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .onSuccess(rows -> {
                    JsonObject parked = new JsonObject();
                    rows.forEach(row -> parked.put(row.getString(0), row.getLong(1)));
                    JsonObject failing = new JsonObject();
                    ctx.vertx().sharedData().<String, JsonObject>getLocalMap(PollingWorker.FAILING).forEach(failing::put);
                    Responses.ok(ctx, new JsonObject().put("status", "up")
                            .put("checks", new JsonObject().put("database", "up"))
                            .put("details", new JsonObject().put("parkedEvents", parked).put("failingWorkers", failing)));
                })
                .onFailure(err -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", "down")
                                .put("checks", new JsonObject().put("database", "down")).toBuffer()));
    }
}
