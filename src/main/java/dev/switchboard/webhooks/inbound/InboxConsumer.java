package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.LogConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/**
 * Processes stored webhook deliveries as a work consumer of the event log (each new delivery is appended to
 * the log when it is stored): the provider's effects and the processed mark commit with the consumer's
 * checkpoint, so each delivery takes effect once. What a provider's processing fetches from its API is fetched
 * before the transaction opens. A delivery whose processing keeps failing is parked, and its inbox row marked
 * dead, where the webhook inbox's replay and the parked-event retry can run it again.
 */
final class InboxConsumer implements LogConsumer {

    static final String NAME = "webhooks.inbound";
    static final String RECEIVED = "internal.webhook_inbox.received";

    private final Db db;
    private final DeliveryProcessing processing;

    InboxConsumer(Db db, DeliveryProcessing processing) {
        this.db = db;
        this.processing = processing;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return Set.of(RECEIVED);
    }

    /** Only providers whose processing calls out (Meta, Resend) read their delivery here and fetch. */
    @Override
    public Future<Object> prepare(EventEnvelope event) {
        if (!processing.fetches(event.data().getString("provider"))) {
            return Future.succeededFuture();
        }
        UUID tenant = event.tenantId();
        return db.readInTenant(tenant, conn -> InboxStore.find(conn, tenant, inboxId(event))).compose(stored -> stored == null
                || !stored.processable() ? Future.succeededFuture() : processing.fetch(stored).map(f -> f));
    }

    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        return processing.apply(conn, event.tenantId(), inboxId(event), (JsonObject) batch.prepared(event.id())).map(v -> null);
    }

    /** Each failed attempt shows on the delivery (its attempts and last error), as an admin reads it in the inbox. */
    @Override
    public Future<Void> attemptFailed(EventEnvelope event, int attempt, String error) {
        return db.inTenant(event.tenantId(), conn -> InboxStore.recordFailure(conn, event.tenantId(), inboxId(event), error));
    }

    @Override
    public Future<Void> parked(SqlConnection conn, EventEnvelope event, String error) {
        return InboxStore.markDead(conn, event.tenantId(), inboxId(event), error);
    }

    private static UUID inboxId(EventEnvelope event) {
        return UUID.fromString(event.data().getString("inboxId"));
    }
}
