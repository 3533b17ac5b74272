package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.contacts.ContactService;
import dev.switchboard.email.ResendClient;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code message.send} job: sends an outbound message of an email conversation to the conversation's contact
 * through Resend, with its Message-ID, In-Reply-To and References, then records it as {@code sent} with Resend's id
 * (delivery reports find it by that id). Retried with the queue's backoff; when the job dies, the message is
 * {@code failed} with the reason. A retried send carries the same idempotency key, so it never arrives twice.
 */
public final class SendMessageHandler implements JobHandler {

    public static final String KIND = "message.send";

    private final Db db;
    private final Changes changes;
    private final ContactService contacts;
    private final ResendClient resend;
    private final Function<UUID, Future<String>> tenantApiKeys;

    /** @param tenantApiKeys an organization's own Resend API key, or null when it uses the server's */
    public SendMessageHandler(Db db, Changes changes, ContactService contacts, ResendClient resend,
                              Function<UUID, Future<String>> tenantApiKeys) {
        this.db = db;
        this.changes = changes;
        this.contacts = contacts;
        this.resend = resend;
        this.tenantApiKeys = tenantApiKeys;
    }

    static JsonObject payload(UUID conversationId, UUID messageId) {
        return new JsonObject().put("conversationId", conversationId.toString()).put("messageId", messageId.toString());
    }

    @Override
    public Future<Void> run(Job job) {
        UUID tenantId = job.tenantId();
        UUID conversationId = UUID.fromString(job.payload().getString("conversationId"));
        UUID messageId = UUID.fromString(job.payload().getString("messageId"));
        return db.inTenant(tenantId, conn -> MessageStore.lockAny(conn, tenantId, conversationId, messageId).compose(m -> {
            if (m == null) {
                // deleted before it went out: nothing to send
                return Future.succeededFuture(null);
            }
            return ConversationStore.findAny(conn, tenantId, conversationId).compose(c -> contacts.emailForSystem(conn, tenantId,
                    c.contactId()).map(to -> new Pending(m, c, to)));
        })).compose(pending -> {
            if (pending == null || !pending.due()) {
                return Future.succeededFuture();
            }
            if (pending.to() == null) {
                return Future.failedFuture(JobFailure.permanent("the conversation's contact has no email address"));
            }
            return send(tenantId, pending);
        });
    }

    private Future<Void> send(UUID tenantId, Pending pending) {
        Message m = pending.message();
        ResendClient.Outgoing outgoing = new ResendClient.Outgoing("message/" + m.id(), pending.to(), subject(pending.conversation(), m),
                PlainText.html(m.body()), m.body(), thread(m), m.emailMessageId());
        return tenantApiKeys.apply(tenantId).compose(apiKey -> resend.send(outgoing, apiKey))
                .compose(providerId -> db.inTenant(tenantId, conn -> MessageStore.lockAny(conn, tenantId, m.conversationId(), m.id())
                        .compose(before -> MessageStore.markSent(conn, tenantId, m.conversationId(), m.id(), providerId)
                                .compose(after -> record(conn, tenantId, pending.conversation(), before, after)))))
                .recover(err -> db.inTenant(tenantId, conn -> MessageStore.attemptFailed(conn, tenantId, m.conversationId(), m.id(),
                        String.valueOf(err.getMessage()))).compose(v -> Future.failedFuture(err), v -> Future.failedFuture(err)));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        UUID tenantId = job.tenantId();
        UUID conversationId = UUID.fromString(job.payload().getString("conversationId"));
        UUID messageId = UUID.fromString(job.payload().getString("messageId"));
        return MessageStore.lockAny(conn, tenantId, conversationId, messageId).compose(before -> before == null
                ? Future.<Void>succeededFuture()
                : MessageStore.markFailed(conn, tenantId, conversationId, messageId, error).compose(after -> after == null
                        ? Future.<Void>succeededFuture()
                        : ConversationStore.findAny(conn, tenantId, conversationId).compose(c -> record(conn, tenantId, c, before, after))));
    }

    private Future<Void> record(SqlConnection conn, UUID tenantId, Conversation c, Message before, Message after) {
        return changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM, Change.updated("message.delivery_updated", "message",
                after.id(), before.auditView(c), after.auditView(c)));
    }

    /** The conversation's subject, as a reply ({@code Re:}) when the message answers an earlier email. */
    static String subject(Conversation c, Message m) {
        String subject = c.subject() == null || c.subject().isBlank() ? "(no subject)" : c.subject();
        boolean reply = m.inReplyTo() != null && !subject.regionMatches(true, 0, "re:", 0, 3);
        return reply ? "Re: " + subject : subject;
    }

    /** The ids the message answers, oldest first, ending with the one it replies to. */
    static List<String> thread(Message m) {
        List<String> ids = new ArrayList<>(m.references());
        if (m.inReplyTo() != null) {
            ids.remove(m.inReplyTo());
            ids.add(m.inReplyTo());
        }
        return ids;
    }

    private record Pending(Message message, Conversation conversation, String to) {

        /** Whether it still has to go out: queued, or failed before (its dead job was retried). */
        boolean due() {
            return "queued".equals(message.deliveryStatus()) || "failed".equals(message.deliveryStatus());
        }
    }
}
