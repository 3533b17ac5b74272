package dev.switchboard.conversations;

import dev.switchboard.bulk.BulkRequest;
import dev.switchboard.bulk.BulkTarget;
import dev.switchboard.bulk.ItemErrors;
import dev.switchboard.platform.db.Together;
import dev.switchboard.labels.LabelService;
import dev.switchboard.labels.LabeledType;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Bulk changes of conversations: a status (with {@code snoozedUntil} for a snooze), an assignee, or managed labels,
 * for up to 1,000 conversations. Every conversation is checked as its single change would be; one refusal changes
 * nothing. Conversations are closed rather than archived.
 */
public final class ConversationBulk implements BulkTarget {

    private static final Set<String> FIELDS = Set.of("status", "snoozedUntil", "assigneeUserId");

    private final Db db;
    private final ConversationService conversations;
    private final LabelService labels;

    public ConversationBulk(Db db, ConversationService conversations, LabelService labels) {
        this.db = db;
        this.conversations = conversations;
        this.labels = labels;
    }

    @Override
    public String segment() {
        return "conversations";
    }

    @Override
    public Future<List<UUID>> apply(Principal p, JsonObject body) {
        Validator v = new Validator(body);
        BulkRequest shared = BulkRequest.parse(body, v);
        if (shared.archive()) {
            v.fail("archive", "conversations are closed, not archived: set status closed");
        }
        JsonObject fields = new JsonObject();
        FIELDS.stream().filter(body::containsKey).forEach(f -> fields.put(f, body.getValue(f)));
        ConversationFields patch = null;
        if (fields.isEmpty() && !shared.relabels()) {
            v.fail("body", "names no change (status, snoozedUntil, assigneeUserId, addLabelIds, removeLabelIds)");
        } else if (!fields.isEmpty()) {
            try {
                patch = ConversationInput.patch(fields);
            } catch (ApiException invalid) {
                invalid.errors().forEach(e -> v.fail(e.field(), e.message()));
            }
        }
        v.check();
        ConversationFields changes = patch;
        Set<String> present = ConversationInput.presentFields(fields);
        return db.inTenant(p.tenantId(), conn -> check(conn, p, shared, changes, present)
                .compose(found -> write(conn, p, found, changes, present))
                .compose(v2 -> labels.relabel(conn, p, LabeledType.CONVERSATION, shared.idArray(), shared.addLabelIds(),
                        shared.removeLabelIds()))
                .map(shared.ids()))
                .recover(ConversationService::unknownReference);
    }

    /** Every conversation read and checked; fails listing every refused one. */
    private static Future<List<Conversation>> check(SqlConnection conn, Principal p, BulkRequest shared, ConversationFields patch,
                                                    Set<String> present) {
        ItemErrors errors = new ItemErrors(shared.ids());
        List<Conversation> found = new ArrayList<>();
        return Together.each(shared.ids(), id -> errors.check(id, ConversationAccess.visible(conn, p, id)
                .compose(c -> ConversationService.writable(p).map(c))
                .map(c -> {
                    if (patch != null) {
                        ConversationService.merged(c, patch, present);
                    }
                    found.add(c);
                    return c;
                }))).compose(v -> errors.verdict()).map(found);
    }

    private Future<Void> write(SqlConnection conn, Principal p, List<Conversation> found, ConversationFields patch, Set<String> present) {
        return patch == null ? Future.succeededFuture()
                : Together.each(found, c -> conversations.change(conn, p, c, patch, present, null));
    }
}
