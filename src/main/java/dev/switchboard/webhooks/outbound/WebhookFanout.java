package dev.switchboard.webhooks.outbound;

import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.bus.DomainEventVerticle;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.ProcessedEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each domain event into one delivery job per enabled endpoint of the event's tenant that
 * subscribes to its type. Idempotent by event id: a redelivered event enqueues nothing more.
 */
public final class WebhookFanout extends DomainEventVerticle {

    static final String CONSUMER = "webhooks.outbound";
    private static final Logger log = LoggerFactory.getLogger(WebhookFanout.class);

    private final Db db;
    private final JobQueue jobs;

    public WebhookFanout(Db db, TenantBus bus, JobQueue jobs) {
        super(bus);
        this.db = db;
        this.jobs = jobs;
    }

    @Override
    protected void handle(EventEnvelope event) {
        db.inTenant(event.tenantId(), conn -> ProcessedEvents.firstDelivery(conn, event.tenantId(), CONSUMER, event.id())
                        .compose(first -> first
                                ? WebhookStore.matching(conn, event.tenantId(), event.type()).compose(targets -> enqueue(conn, event, targets))
                                : Future.succeededFuture()))
                .onFailure(err -> log.warn("webhook fan-out failed [tenant: {}, event: {}]", event.tenantId(), event.id(), err));
    }

    private Future<Void> enqueue(SqlConnection conn, EventEnvelope event, List<WebhookEndpoint> targets) {
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
