package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Received email, for the system (webhook ingestion), inside the caller's transaction: the message joins the
 * conversation of the message it answers (Message-ID / In-Reply-To / References), else opens a new email
 * conversation for the sender's contact (with the defaults of the organization's conversation custom fields); a
 * snoozed conversation wakes up. Records {@code message.received} (and
 * {@code conversation.created}).
 */
public final class InboundEmails {

    private final Changes changes;
    private final Snoozes snoozes;
    private final CustomFieldService customFields;

    public InboundEmails(Changes changes, Snoozes snoozes, CustomFieldService customFields) {
        this.changes = changes;
        this.snoozes = snoozes;
        this.customFields = customFields;
    }

    /** The message; when one with the same Message-ID exists already, that one, with nothing written. */
    public Future<Message> receive(SqlConnection conn, UUID tenantId, InboundEmail email) {
        Future<Message> known = email.messageId() == null ? Future.succeededFuture()
                : MessageStore.byEmailMessageId(conn, tenantId, email.messageId());
        return known.compose(existing -> existing != null ? Future.succeededFuture(existing)
                : conversationFor(conn, tenantId, email).compose(c -> append(conn, tenantId, c, email)));
    }

    private Future<Conversation> conversationFor(SqlConnection conn, UUID tenantId, InboundEmail email) {
        String[] threadIds = email.threadIds();
        Future<UUID> thread = threadIds.length == 0 ? Future.succeededFuture() : MessageStore.threadOf(conn, tenantId, threadIds);
        return thread.compose(id -> id != null ? ConversationStore.findAny(conn, tenantId, id) : open(conn, tenantId, email));
    }

    private Future<Conversation> open(SqlConnection conn, UUID tenantId, InboundEmail email) {
        UUID id = Ids.next();
        String subject = email.subject() == null ? null : email.subject().length() > 500 ? email.subject().substring(0, 500) : email.subject();
        return customFields.systemValues(conn, tenantId, ConversationService.RECORD_TYPE, null)
                .compose(custom -> ConversationStore.insert(conn, tenantId, id, new ConversationFields("email", email.contactId(), subject,
                        "open", null, "normal", null, null, List.of(), custom), null))
                .compose(v -> ConversationStore.findAny(conn, tenantId, id))
                .compose(c -> record(conn, tenantId, Change.created("conversation.created", ConversationAccess.TYPE, id, c.auditView())).map(c));
    }

    private Future<Message> append(SqlConnection conn, UUID tenantId, Conversation c, InboundEmail email) {
        UUID id = Ids.next();
        Message m = new Message(id, c.id(), Message.INBOUND, email.body(), null, email.contactId(), null, null, email.messageId(),
                email.inReplyTo(), email.references(), 1, null, null, null, null);
        return MessageStore.insert(conn, tenantId, m).compose(saved -> ConversationStore.touch(conn, tenantId, c.id(), saved.createdAt())
                .compose(v -> record(conn, tenantId, Change.created(saved.createdEvent(), "message", id, saved.auditView(c))))
                .compose(v -> snoozes.wake(conn, tenantId, c.id(), null))
                .map(saved));
    }

    private Future<Void> record(SqlConnection conn, UUID tenantId, Change change) {
        return changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM, change);
    }
}
