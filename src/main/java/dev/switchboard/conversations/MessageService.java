package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Messages of a conversation: whoever sees the conversation reads its messages (customers never its
 * internal notes); {@code conversations.write} posts them; their author or a manager deletes them (softly).
 */
public final class MessageService {

    /** Delivery states a report may set on an outbound message; the database ranks them. */
    static final Set<String> DELIVERY_STATES = Set.of("queued", "sent", "delivered", "opened", "clicked", "complained",
            "bounced", "failed");

    private final Db db;
    private final Changes changes;
    private final JobQueue jobs;
    private final Snoozes snoozes;
    private final String messageIdDomain;

    /** @param messageIdDomain the domain of the Message-IDs this server gives the email it sends */
    public MessageService(Db db, Changes changes, JobQueue jobs, Snoozes snoozes, String messageIdDomain) {
        this.db = db;
        this.changes = changes;
        this.jobs = jobs;
        this.snoozes = snoozes;
        this.messageIdDomain = messageIdDomain;
    }

    /** What a client sends to post a message. */
    record Draft(String direction, String body, String messageId, String inReplyTo, List<String> references) {
    }

    public Future<List<Message>> list(Principal p, UUID conversationId, Pages page) {
        boolean notes = Viewer.of(p).seesNotes();
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, conversationId)
                .compose(c -> MessageStore.list(conn, p.tenantId(), conversationId, notes, page)));
    }

    /**
     * Posts a message: outbound and notes are sent by the caller, inbound ones are recorded as from the
     * conversation's contact. An outbound message of an email conversation is queued for sending to the contact
     * (threaded under the conversation's newest email unless the draft says otherwise, with a Message-ID of this
     * server unless it names one); an inbound one wakes a snoozed conversation. 404 when the conversation is not
     * visible, 403 without write permission, 409 when the email Message-ID is already known.
     */
    public Future<Message> post(Principal p, UUID conversationId, Draft draft) {
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, conversationId)
                .compose(c -> ConversationService.writable(p).map(c))
                .compose(c -> {
                    boolean inbound = Message.INBOUND.equals(draft.direction());
                    boolean sends = Message.OUTBOUND.equals(draft.direction()) && "email".equals(c.channel());
                    Future<Draft> threaded = sends ? threaded(conn, p.tenantId(), c, id, draft) : Future.succeededFuture(draft);
                    Future<UUID> job = sends ? jobs.enqueue(conn, p.tenantId(), NewJob.of(SendMessageHandler.KIND,
                            SendMessageHandler.payload(conversationId, id))) : Future.succeededFuture();
                    return threaded.compose(d -> job.compose(jobId -> {
                        Message m = new Message(id, conversationId, d.direction(), d.body(), inbound ? null : p.userId(),
                                inbound ? c.contactId() : null, Message.OUTBOUND.equals(d.direction()) ? "queued" : null, null,
                                d.messageId(), d.inReplyTo(), d.references(), 1, null, jobId, null, null);
                        return MessageStore.insert(conn, p.tenantId(), m);
                    })).compose(saved -> ConversationStore.touch(conn, p.tenantId(), conversationId, saved.createdAt())
                            .compose(v -> changes.record(conn, p, Change.created(saved.createdEvent(), "message", id,
                                    saved.auditView(c))))
                            .compose(v -> inbound ? snoozes.wake(conn, p.tenantId(), conversationId, null) : Future.<Void>succeededFuture())
                            .map(saved));
                }))
                .recover(err -> err instanceof StoreException s && s.isDuplicate("messages_email_message_id_key")
                        ? Future.failedFuture(ApiException.conflict("message-id-taken", "a message with this Message-ID already exists"))
                        : Future.failedFuture(err));
    }

    /**
     * An outbound reply sent by the caller, exactly as if posted through the API (an agent accepting a drafted reply):
     * the same rules, audit entry, event and, in an email conversation, the same sending job.
     */
    public Future<Message> reply(Principal p, UUID conversationId, String body) {
        return post(p, conversationId, new Draft(Message.OUTBOUND, body, null, null, List.of()));
    }

    /** A message as the system reads it after an event named it; null when it is gone. */
    public Future<Message> forSystem(UUID tenantId, UUID messageId) {
        return db.inTenant(tenantId, conn -> MessageStore.findAny(conn, tenantId, messageId));
    }

    /**
     * Stores a message's classification ({@code priority, category, sentiment, urgency, language}) as the system, and
     * records {@code message.classified} with it, for workflow conditions and routing. Null when the message is gone.
     */
    public Future<Message> classify(UUID tenantId, UUID messageId, JsonObject classification, String correlationId) {
        return db.inTenant(tenantId, conn -> MessageStore.findAny(conn, tenantId, messageId).compose(before -> before == null
                ? Future.succeededFuture((Message) null)
                : ConversationStore.findAny(conn, tenantId, before.conversationId()).compose(c -> MessageStore.classify(conn, tenantId,
                        messageId, classification).compose(after -> changes.record(conn, tenantId, Actor.SYSTEM,
                        new RequestMeta(correlationId, null, null), Change.updated("message.classified", "message", messageId,
                                before.auditView(c), after.auditView(c))).map(after)))));
    }

    /** The draft with its Message-ID, and (unless it names them) In-Reply-To and References from the thread's newest email. */
    private Future<Draft> threaded(SqlConnection conn, UUID tenantId, Conversation c, UUID id, Draft draft) {
        String messageId = draft.messageId() != null ? draft.messageId() : "<" + id + "@" + messageIdDomain + ">";
        if (draft.inReplyTo() != null || !draft.references().isEmpty()) {
            return Future.succeededFuture(new Draft(draft.direction(), draft.body(), messageId, draft.inReplyTo(), draft.references()));
        }
        return MessageStore.threadTail(conn, tenantId, c.id()).map(chain -> {
            if (chain == null) {
                return new Draft(draft.direction(), draft.body(), messageId, null, List.of());
            }
            List<String> references = chain.size() > MessageEndpoint.MAX_REFERENCES
                    ? chain.subList(chain.size() - MessageEndpoint.MAX_REFERENCES, chain.size()) : chain;
            return new Draft(draft.direction(), draft.body(), messageId, chain.get(chain.size() - 1), references);
        });
    }

    /** Soft-deletes a message; only its author or a manager (or admin) may. Deleted messages disappear from every read. */
    public Future<Void> delete(Principal p, UUID conversationId, UUID messageId) {
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, conversationId).compose(c ->
                MessageStore.find(conn, p.tenantId(), conversationId, messageId, Viewer.of(p).seesNotes()).compose(m -> {
                    if (m == null) {
                        return Future.failedFuture(ApiException.notFound("message"));
                    }
                    boolean author = p.userId().equals(m.senderUserId());
                    if (!author && !p.role().atLeast(Role.MANAGER)) {
                        return Future.failedFuture(ApiException.forbidden("only the author or a manager may delete a message"));
                    }
                    return ConversationService.writable(p)
                            .compose(v -> MessageStore.softDelete(conn, p.tenantId(), conversationId, messageId, p.userId()))
                            .compose(deleted -> changes.record(conn, p, Change.deleted("message.deleted", "message", messageId,
                                    m.auditView(c))));
                })));
    }

    /**
     * Records a delivery report for an outbound message. A state ranked no higher than the current one
     * (a late "delivered" after "bounced", a repeated "sent") changes nothing and publishes nothing.
     */
    public Future<Message> recordDelivery(Principal p, UUID conversationId, UUID messageId, String status) {
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, conversationId).compose(c ->
                ConversationService.writable(p).compose(v -> MessageStore.find(conn, p.tenantId(), conversationId, messageId, true))
                        .compose(before -> {
                            if (before == null) {
                                return Future.failedFuture(ApiException.notFound("message"));
                            }
                            if (!Message.OUTBOUND.equals(before.direction())) {
                                return Future.failedFuture(ApiException.conflict("not-outbound",
                                        "only outbound messages have a delivery status"));
                            }
                            return MessageStore.updateDelivery(conn, p.tenantId(), conversationId, messageId, status)
                                    .compose(after -> after == null ? Future.succeededFuture(before)
                                            : changes.record(conn, p, Change.updated("message.delivery_updated", "message", messageId,
                                                    before.auditView(c), after.auditView(c))).map(after));
                        })));
    }
}
