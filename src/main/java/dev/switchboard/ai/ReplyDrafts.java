package dev.switchboard.ai;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.conversations.ConversationService;
import dev.switchboard.conversations.Message;
import dev.switchboard.conversations.MessageService;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reply drafts: the model drafts, the draft is kept with its confidence and reasoning, and an agent accepts it (it
 * becomes their own outbound message, sent like any other) or rejects it. Drafting and deciding need what posting a
 * message needs: seeing the conversation and {@code conversations.write}.
 */
final class ReplyDrafts {

    /** An accepted draft and the message it became. */
    record Accepted(ReplyDraft draft, Message message) {
    }

    private final Db db;
    private final Changes changes;
    private final Assistant assistant;
    private final ConversationService conversations;
    private final MessageService messages;

    ReplyDrafts(Db db, Changes changes, Assistant assistant, ConversationService conversations, MessageService messages) {
        this.db = db;
        this.changes = changes;
        this.assistant = assistant;
        this.conversations = conversations;
        this.messages = messages;
    }

    /**
     * Drafts a reply and keeps it ({@code ai_draft.created}); {@code onText}, when set, gets the draft's text as it streams.
     * 404 when the caller may not see the conversation, 403 without {@code conversations.write}, 409 when the feature is off.
     */
    Future<ReplyDraft> draft(Principal p, UUID conversationId, Consumer<String> onText) {
        Assistant.requireStaff(p);
        return conversations.get(p, conversationId).compose(c -> {
            p.require(Permission.CONVERSATIONS_WRITE);
            return assistant.enabled(p.tenantId(), AiSettings.REPLY_DRAFT).compose(s ->
                    messages.list(p, conversationId, new Pages(RecordSummaries.READS, null, true)).compose(list ->
                            assistant.ask(p, s, Templates.REPLY_DRAFT, Transcript.conversation(c, list), answer -> null, onText)));
        }).compose(answer -> db.inTenant(p.tenantId(), conn -> DraftStore.insert(conn, p.tenantId(), Ids.next(), conversationId,
                answer, p.userId()).compose(d -> changes.record(conn, p, Change.created("ai_draft.created", "ai_draft", d.id(),
                d.auditView()).withDetails(new JsonObject().put("promptVersion", Templates.REPLY_DRAFT.version()))).map(d))));
    }

    /** The conversation's drafts, newest first; 404 when the caller may not see it. */
    Future<List<ReplyDraft>> list(Principal p, UUID conversationId, Pages page) {
        Assistant.requireStaff(p);
        return conversations.get(p, conversationId).compose(c -> db.inTenant(p.tenantId(),
                conn -> DraftStore.list(conn, p.tenantId(), conversationId, page.after(), page.limit())));
    }

    /**
     * Sends the draft (or the agent's edit of it, {@code body}) as the caller's outbound message, exactly as if they had
     * posted it, and records {@code ai_draft.accepted}. 404 when the draft or its conversation is not visible, 403 without
     * {@code conversations.write}, 409 when it was decided already. A message that cannot be posted leaves the draft pending.
     */
    Future<Accepted> accept(Principal p, UUID draftId, String body) {
        return visible(p, draftId).compose(found -> db.inTenant(p.tenantId(), conn -> DraftStore.decide(conn, p.tenantId(), draftId,
                        ReplyDraft.ACCEPTED, p.userId()))
                .compose(claimed -> claimed == null ? Future.failedFuture(decided())
                        : messages.reply(p, claimed.conversationId(), body != null ? body : claimed.body())
                                .recover(err -> db.inTenant(p.tenantId(), conn -> DraftStore.reopen(conn, p.tenantId(), draftId))
                                        .transform(v -> Future.failedFuture(err)))
                                .compose(message -> sent(p, found, message))));
    }

    private Future<Accepted> sent(Principal p, ReplyDraft found, Message message) {
        return db.inTenant(p.tenantId(), conn -> DraftStore.sentAs(conn, p.tenantId(), found.id(), message.id(), message.body())
                .compose(sent -> changes.record(conn, p, Change.updated("ai_draft.accepted", "ai_draft", found.id(), found.auditView(),
                                sent.auditView()).withDetails(new JsonObject().put("edited", !message.body().equals(found.body()))))
                        .map(new Accepted(sent, message))));
    }

    /** Rejects the draft ({@code ai_draft.rejected}); nothing is sent. The same 404/403/409 as {@link #accept}. */
    Future<ReplyDraft> reject(Principal p, UUID draftId) {
        return visible(p, draftId).compose(found -> db.inTenant(p.tenantId(), conn -> DraftStore.decide(conn, p.tenantId(), draftId,
                ReplyDraft.REJECTED, p.userId()).compose(rejected -> rejected == null ? Future.failedFuture(decided())
                : changes.record(conn, p, Change.updated("ai_draft.rejected", "ai_draft", draftId, found.auditView(),
                        rejected.auditView())).map(rejected))));
    }

    /** How many drafts are pending, accepted and rejected, and the share of decided ones that were accepted. */
    Future<JsonObject> stats(UUID tenantId) {
        return db.inTenant(tenantId, conn -> DraftStore.counts(conn, tenantId)).map(counts -> {
            long accepted = counts.getLong(ReplyDraft.ACCEPTED);
            long decided = accepted + counts.getLong(ReplyDraft.REJECTED);
            return counts.put("acceptanceRate", decided == 0 ? null : Math.round(accepted * 1000.0 / decided) / 1000.0);
        });
    }

    /** The draft, when its conversation is visible to the caller and they may post in it. */
    private Future<ReplyDraft> visible(Principal p, UUID draftId) {
        Assistant.requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> DraftStore.find(conn, p.tenantId(), draftId)).compose(d -> d == null
                ? Future.failedFuture(ApiException.notFound("draft"))
                : conversations.get(p, d.conversationId()).map(c -> {
                    p.require(Permission.CONVERSATIONS_WRITE);
                    return d;
                }));
    }

    private static ApiException decided() {
        return ApiException.conflict("draft-decided", "this draft was accepted or rejected already");
    }
}
