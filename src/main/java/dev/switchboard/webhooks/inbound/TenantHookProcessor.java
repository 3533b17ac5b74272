package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

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
        Object payload = Json.decodeValue(event.bodyBuffer());
        JsonObject after = new JsonObject()
                .put("hookId", event.hookId().toString())
                .put("webhookId", event.eventId())
                .put("status", InboxEvent.PROCESSED);
        return changes.record(conn, event.tenantId(), Actor.SYSTEM, RequestMeta.SYSTEM,
                Change.created(EVENT, "webhook_event", event.id(), after).withDetails(new JsonObject().put("payload", payload)));
    }
}
