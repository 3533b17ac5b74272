package dev.switchboard.webhooks.outbound;

import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.KnownTenants;
import dev.switchboard.platform.events.LogConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;

/**
 * Turns each domain event into one delivery job per enabled endpoint of the event's tenant that subscribes to
 * its type, as a work consumer of the event log: the jobs commit with the consumer's checkpoint. Tenants
 * without endpoints cost nothing: the consumer knows which tenants have endpoints (loaded whenever this node
 * starts working a shard, then kept current by the endpoint events it reads in log order) and skips the rest
 * without a transaction.
 */
public final class WebhookFanout implements LogConsumer {

    static final String NAME = "webhooks.outbound";
    private static final String ENDPOINT_EVENTS = "webhook_endpoint.";
    private static final String TENANTS = "SELECT * FROM webhook_endpoint_tenants()";

    private final JobQueue jobs;
    private final KnownTenants withEndpoints;

    public WebhookFanout(Db db, JobQueue jobs) {
        this.jobs = jobs;
        this.withEndpoints = new KnownTenants(db, TENANTS, ENDPOINT_EVENTS);
    }

    /** Loads the tenants that have endpoints now; the ones after come as endpoint events in log order. */
    @Override
    public Future<Void> open(int shard) {
        return withEndpoints.load();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return null;
    }

    /** Called in log order: an endpoint event makes its tenant (and its later events) count from then on. */
    @Override
    public boolean wants(EventEnvelope event) {
        withEndpoints.see(event);
        return !event.internal() && withEndpoints.mayHave(event.tenantId());
    }

    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        return batch.once(NAME + event.tenantId(), () -> WebhookStore.enabled(conn, event.tenantId()))
                .compose(endpoints -> enqueue(conn, event, endpoints.stream()
                        .filter(e -> e.eventTypes().contains(event.type()) || e.eventTypes().contains("*")).toList()))
                .map(v -> null);
    }

    private Future<Void> enqueue(SqlConnection conn, EventEnvelope event, List<WebhookEndpoint> targets) {
        if (targets.isEmpty()) {
            return Future.succeededFuture();
        }
        JsonObject message = new JsonObject().put("type", event.type()).put("timestamp", event.occurredAt().toString())
                .put("data", event.data());
        Future<?> chain = Future.succeededFuture();
        for (WebhookEndpoint target : targets) {
            NewJob job = DeliverWebhookHandler.job(target.id(), event.id(), event.type(), message);
            chain = chain.compose(v -> jobs.enqueue(conn, event.tenantId(), job));
        }
        return chain.mapEmpty();
    }
}
