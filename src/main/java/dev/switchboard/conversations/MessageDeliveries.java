package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.UUID;

/**
 * Delivery reports on sent conversation email, for the system (webhook ingestion), inside the caller's transaction:
 * the outbound message Resend knows as {@code providerMessageId} moves up to the reported state and records
 * {@code message.delivery_updated}. A state ranked no higher than the current one, an unknown id, or a report
 * with no message state ({@code delivery_delayed}) changes nothing.
 */
public final class MessageDeliveries {

    /** Resend's delivery states as message states: a suppressed address was never sent to, so the message failed. */
    private static final Map<String, String> STATES = Map.of("sent", "sent", "delivered", "delivered", "opened", "opened",
            "clicked", "clicked", "complained", "complained", "bounced", "bounced", "failed", "failed", "suppressed", "failed");

    private final Changes changes;

    public MessageDeliveries(Changes changes) {
        this.changes = changes;
    }

    public Future<Void> recordForSystem(SqlConnection conn, UUID tenantId, String providerMessageId, String reported) {
        String status = STATES.get(reported);
        if (status == null) {
            return Future.succeededFuture();
        }
        return MessageStore.lockByProviderId(conn, tenantId, providerMessageId).compose(before -> before == null
                ? Future.<Void>succeededFuture()
                : MessageStore.updateDelivery(conn, tenantId, before.conversationId(), before.id(), status).compose(after -> after == null
                        ? Future.<Void>succeededFuture()
                        : ConversationStore.findAny(conn, tenantId, before.conversationId()).compose(c -> changes.record(conn, tenantId,
                                Actor.SYSTEM, RequestMeta.SYSTEM, Change.updated("message.delivery_updated", "message", after.id(),
                                        before.auditView(c), after.auditView(c))))));
    }
}
