package dev.switchboard.conversations;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Conversations: staff read those assigned to them or their teams ({@code conversations.read_all}: all),
 * portal customers those of their own contact; {@code conversations.write} changes them. Also each
 * user's read position and unread counts. A snoozed conversation wakes up by itself at {@code snoozedUntil}
 * (see {@link Snoozes}).
 */
public final class ConversationService {

    private static final String CONTACT = "contact";
    /** Fields whose changes have their own events (status_changed, assigned). */
    private static final Set<String> ROUTING_FIELDS = Set.of("status", "snoozedUntil", "assigneeUserId", "teamId");

    /** The record type conversations' custom field definitions are filed under. */
    static final String RECORD_TYPE = "conversation";

    private final Db db;
    private final Changes changes;
    private final Records records;
    private final JobQueue jobs;
    private final CustomFieldService customFields;

    public ConversationService(Db db, Changes changes, Records records, JobQueue jobs, CustomFieldService customFields) {
        this.db = db;
        this.changes = changes;
        this.records = records;
        this.jobs = jobs;
        this.customFields = customFields;
    }

    /** The conversations {@code p} sees that match {@code filter} and the {@code cf.} parameters of {@code query}; 400 for a bad one. */
    public Future<List<Conversation>> list(Principal p, ConversationStore.Filter filter, MultiMap query, Pages page) {
        return db.inTenant(p.tenantId(), conn -> customFields.filter(conn, p.tenantId(), RECORD_TYPE, query, page)
                .compose(custom -> ConversationStore.list(conn, p.tenantId(), Viewer.of(p), filter, custom, page)));
    }

    /** The conversation with the caller's unread count; 404 when the caller may not see it. */
    public Future<Conversation> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, id));
    }

    /** The caller's unread messages: {@code {total, conversations: [{conversationId, unreadCount}]}}. */
    public Future<JsonObject> unread(Principal p) {
        return db.inTenant(p.tenantId(), conn -> ConversationStore.unreadTotals(conn, p.tenantId(), Viewer.of(p)));
    }

    /**
     * Opens a conversation. A caller who could not see it otherwise (no read-all, not its team) becomes its
     * assignee. 400 for an unreadable contact or an unknown assignee or team.
     */
    public Future<Conversation> create(Principal p, ConversationFields input) {
        p.require(Permission.CONVERSATIONS_WRITE);
        ConversationFields f = withDefaultAssignee(p, input).checked(OffsetDateTime.now(), true);
        UUID id = Ids.next();
        return readableContact(p, f.contactId()).compose(v -> db.inTenant(p.tenantId(), conn ->
                        customFields.values(conn, p.tenantId(), RECORD_TYPE, null, f.customFields())
                                .compose(custom -> ConversationStore.insert(conn, p.tenantId(), id, f.withCustomFields(custom), p.userId()))
                                .compose(x -> readBack(conn, p, id))
                                .compose(created -> recordCreated(conn, p, created)
                                        .compose(x -> Snoozes.schedule(conn, jobs, p.tenantId(), created)).map(created))))
                .recover(ConversationService::unknownReference);
    }

    /** {@code conversation.created}, and {@code conversation.assigned} when it starts with an assignee. */
    private Future<Void> recordCreated(SqlConnection conn, Principal p, Conversation created) {
        Future<Void> recorded = record(conn, p, Change.created("conversation.created", ConversationAccess.TYPE, created.id(),
                created.auditView()));
        return created.assigneeUserId() == null ? recorded : recorded.compose(v -> record(conn, p,
                Change.updated("conversation.assigned", ConversationAccess.TYPE, created.id(), null, created.auditView())));
    }

    /**
     * Changes the fields named in {@code present}. Publishes {@code conversation.status_changed},
     * {@code conversation.assigned} and {@code conversation.updated} for what changed. 404 when not
     * visible, 403 without {@code conversations.write}, 409/412 when {@code expected} is stale.
     */
    public Future<Conversation> update(Principal p, UUID id, ConversationFields patch, Set<String> present, ExpectedVersion expected) {
        UUID newContact = present.contains("contactId") ? patch.contactId() : null;
        // The contact check reads another feature's records in its own transaction: never while holding one here.
        Future<Void> contactReadable = newContact == null ? Future.succeededFuture()
                : db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, id))
                        .compose(visible -> writable(p)).compose(v -> readableContact(p, newContact));
        return contactReadable.compose(v -> db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, id)
                .compose(before -> writable(p).compose(w -> {
                    if (expected != null && !expected.matches(before.version())) {
                        return Future.failedFuture(ExpectedVersion.staleOr(expected, "the conversation"));
                    }
                    return change(conn, p, before, patch, present, expected);
                })))).recover(ConversationService::unknownReference);
    }

    /** The fields of {@code before} with {@code patch} applied; 400 when the result is not a valid conversation (a snooze without its end). */
    static ConversationFields merged(Conversation before, ConversationFields patch, Set<String> present) {
        ConversationFields old = ConversationFields.of(before);
        ConversationFields merged = old.merge(patch, present);
        merged.checked(OffsetDateTime.now(), !Objects.equals(old.snoozedUntil(), merged.snoozedUntil()));
        return merged;
    }

    /** Writes a checked {@code patch} over a writable {@code before} inside the caller's transaction, with its events. */
    Future<Conversation> change(SqlConnection conn, Principal p, Conversation before, ConversationFields patch, Set<String> present,
                                ExpectedVersion expected) {
        ConversationFields old = ConversationFields.of(before);
        ConversationFields patched = merged(before, patch, present);
        return customFields.values(conn, p.tenantId(), RECORD_TYPE, before.customFields(),
                present.contains("customFields") ? patch.customFields() : null).compose(custom -> {
            ConversationFields merged = patched.withCustomFields(custom);
            if (merged.equals(old)) {
                return Future.succeededFuture(before);
            }
            UUID id = before.id();
            return ConversationStore.update(conn, p.tenantId(), id, merged, ExpectedVersion.orRead(expected, before.version())).compose(updated -> updated
                    ? readBack(conn, p, id).compose(after -> recordUpdate(conn, p, old, merged, before, after)
                            .compose(x -> Snoozes.schedule(conn, jobs, p.tenantId(), after)).map(after))
                    : Future.failedFuture(ExpectedVersion.staleOr(expected, "the conversation")));
        });
    }

    /**
     * Marks the conversation read for the caller up to {@code upToMessageId} (default: its newest message
     * the caller sees). The read position only moves forward. 400 when the message is not in this
     * conversation (or is a note the caller may not see).
     */
    public Future<Conversation> markRead(Principal p, UUID id, UUID upToMessageId) {
        Viewer viewer = Viewer.of(p);
        return db.inTenant(p.tenantId(), conn -> ConversationAccess.visible(conn, p, id)
                .compose(c -> upToMessageId == null
                        ? MessageStore.latest(conn, p.tenantId(), id, viewer.seesNotes())
                        : MessageStore.find(conn, p.tenantId(), id, upToMessageId, viewer.seesNotes()).compose(m -> m == null
                                ? Future.failedFuture(ApiException.invalid("upToMessageId", "is not a message of this conversation"))
                                : Future.succeededFuture(m.id())))
                .compose(messageId -> messageId == null ? Future.succeededFuture(false)
                        : ConversationStore.markRead(conn, p.tenantId(), id, p.userId(), messageId).compose(moved -> moved
                                ? record(conn, p, new Change("conversation.read", ConversationAccess.TYPE, id, null, null,
                                        new JsonObject().put("userId", p.userId().toString())
                                                .put("lastReadMessageId", messageId.toString()))).map(true)
                                : Future.succeededFuture(false)))
                .compose(moved -> ConversationAccess.visible(conn, p, id)));
    }

    private Future<Void> recordUpdate(SqlConnection conn, Principal p, ConversationFields old, ConversationFields merged,
                                      Conversation before, Conversation after) {
        List<String> actions = new ArrayList<>();
        if (!old.status().equals(merged.status())) {
            actions.add("conversation.status_changed");
        }
        if (!old.sameAssignment(merged)) {
            actions.add("conversation.assigned");
        }
        boolean resnoozed = old.status().equals(merged.status()) && !Objects.equals(old.snoozedUntil(), merged.snoozedUntil());
        if (resnoozed || !merged.merge(old, ROUTING_FIELDS).equals(old)) {
            actions.add("conversation.updated");
        }
        Future<Void> chain = Future.succeededFuture();
        for (String action : actions) {
            chain = chain.compose(v -> record(conn, p, Change.updated(action, ConversationAccess.TYPE, before.id(),
                    before.auditView(), after.auditView())));
        }
        return chain;
    }

    /** Succeeds when {@code p} may change the conversation; 404 when they cannot see it, 403 without {@code conversations.write}. */
    public Future<Void> requireWritable(SqlConnection conn, Principal p, UUID id) {
        return ConversationAccess.visible(conn, p, id).compose(c -> writable(p));
    }

    /** Visible records the caller may not change answer 403. */
    static Future<Void> writable(Principal p) {
        return p.can(Permission.CONVERSATIONS_WRITE) ? Future.succeededFuture()
                : Future.failedFuture(ApiException.forbidden("requires permission " + Permission.CONVERSATIONS_WRITE));
    }

    private Future<Void> record(SqlConnection conn, Principal p, Change change) {
        return changes.record(conn, p, change);
    }

    private static Future<Conversation> readBack(SqlConnection conn, Principal p, UUID id) {
        return ConversationStore.find(conn, p.tenantId(), Viewer.writer(p), id);
    }

    private static ConversationFields withDefaultAssignee(Principal p, ConversationFields f) {
        if (f.assigneeUserId() != null || p.can(Permission.CONVERSATIONS_READ_ALL) || p.inTeam(f.teamId())) {
            return f;
        }
        return new ConversationFields(f.channel(), f.contactId(), f.subject(), f.status(), f.snoozedUntil(), f.priority(),
                p.userId(), f.teamId(), f.labels(), f.customFields());
    }

    /** A linked contact must be one the caller can read. */
    private Future<Void> readableContact(Principal p, UUID contactId) {
        return records.requireReadable(p, CONTACT, contactId, "contactId");
    }

    static <T> Future<T> unknownReference(Throwable err) {
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE) {
            if ("conversations_assignee_fkey".equals(s.constraint())) {
                return Future.failedFuture(ApiException.unknownReference("assigneeUserId", "is not a user of this organization"));
            }
            if ("conversations_team_fkey".equals(s.constraint())) {
                return Future.failedFuture(ApiException.unknownReference("teamId", "is not a team of this organization"));
            }
        }
        return Future.failedFuture(err);
    }
}
