package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;

/** A tenant hook's event becomes a {@code webhook.received} domain event (by the system) that workflows can react to. */
final class TenantHookProcessor implements InboxProcessor {

    static final String PROVIDER = "tenant";
    static final String EVENT = "webhook.received";

    private final Changes changes;

    TenantHookProcessor(Changes changes) {
        this.changes = changes;
    }

    @Override
    public Future<Void> process(SqlConnection conn, InboxEvent event, JsonObject fetched) {
        return changes.record(conn, event.tenantId(), Actor.SYSTEM, RequestMeta.SYSTEM,
                change(event.id(), event.hookId(), event.eventId(), Json.decodeValue(event.bodyBuffer())));
    }

    /**
     * What processing a delivery records: its {@code webhook.received} event, about the stored delivery
     * {@code inboxId}, carrying the sender's {@code payload}. The receiver records it with the delivery itself; a
     * delivery stored without it (a batch whose recording failed) gets it from the inbox consumer.
     */
    static Change change(UUID inboxId, UUID hookId, String webhookId, Object payload) {
        JsonObject after = new JsonObject()
                .put("hookId", hookId.toString())
                .put("webhookId", webhookId)
                .put("status", InboxEvent.PROCESSED);
        return Change.created(EVENT, "webhook_event", inboxId, after).withDetails(new JsonObject().put("payload", payload));
    }
}
