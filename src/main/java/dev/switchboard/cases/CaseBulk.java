package dev.switchboard.cases;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bulk changes of cases: a stage, an owner (user or queue), labels, or archiving, for up to 1,000 cases. Every case
 * is locked and checked as its single change would be (visible, writable, active, the pipeline's transition and
 * stage roles); one refusal changes nothing. Each changed case emits its usual events.
 */
public final class CaseBulk implements BulkTarget {

    private final Db db;
    private final PipelineService pipelines;
    private final CaseWrites writes;
    private final LabelService labels;

    public CaseBulk(Db db, PipelineService pipelines, CaseWrites writes, LabelService labels) {
        this.db = db;
        this.pipelines = pipelines;
        this.writes = writes;
        this.labels = labels;
    }

    /** What to change besides the shared parts: a stage, and an owner when {@code reassigns}. */
    private record Changes(BulkRequest shared, String stage, boolean reassigns, UUID ownerUserId, UUID ownerQueueId) {

        static Changes parse(JsonObject body) {
            Validator v = new Validator(body);
            BulkRequest shared = BulkRequest.parse(body, v);
            String stage = v.optionalString("stage", 50);
            boolean reassigns = body.containsKey("ownerUserId") || body.containsKey("ownerQueueId");
            UUID user = BulkRequest.optionalId(body, "ownerUserId", v);
            UUID queue = BulkRequest.optionalId(body, "ownerQueueId", v);
            if (stage == null && !reassigns && !shared.archive() && !shared.relabels()) {
                v.fail("body", "names no change (stage, ownerUserId, ownerQueueId, addLabelIds, removeLabelIds, archive)");
            }
            if (shared.archive() && (stage != null || reassigns)) {
                v.fail("archive", "cannot be combined with a stage or owner change");
            }
            v.check();
            return new Changes(shared, stage, reassigns, user, queue);
        }

        boolean needsActive() {
            return stage != null || reassigns || shared.archive();
        }
    }

    @Override
    public String segment() {
        return "cases";
    }

    @Override
    public Future<List<UUID>> apply(Principal p, JsonObject body) {
        Changes changes = Changes.parse(body);
        List<UUID> ids = changes.shared().ids();
        return db.inTenant(p.tenantId(), conn -> References.ownerUser(conn, p, changes.ownerUserId())
                .compose(v -> References.queue(conn, p, changes.ownerQueueId()))
                .compose(v -> CaseStore.lockVisible(conn, p, changes.shared().idArray()))
                .compose(cases -> check(conn, p, changes, cases))
                .compose(cases -> write(conn, p, changes, cases))
                .compose(v -> labels.relabel(conn, p, LabeledType.CASE, changes.shared().idArray(), changes.shared().addLabelIds(),
                        changes.shared().removeLabelIds()))
                .map(ids));
    }

    /** Every case checked; fails listing every refused one. */
    private Future<List<Case>> check(SqlConnection conn, Principal p, Changes changes, List<Case> cases) {
        ItemErrors errors = new ItemErrors(changes.shared().ids());
        Map<UUID, Case> found = new HashMap<>();
        cases.forEach(c -> found.put(c.id(), c));
        changes.shared().ids().stream().filter(id -> !found.containsKey(id))
                .forEach(id -> errors.refuse(id, ApiException.notFound("case")));
        Map<UUID, Future<Pipeline>> pipelinesById = new HashMap<>();
        return Together.each(cases, c -> {
            Future<?> writable = CaseWrites.writable(p, c);
            if (changes.needsActive()) {
                writable = writable.compose(ok -> CaseWrites.active(c));
            }
            if (changes.stage() != null && !changes.stage().equals(c.stage())) {
                writable = writable.compose(ok -> pipelinesById.computeIfAbsent(c.pipelineId(), id -> pipelines.of(conn, p, id)))
                        .compose(pipeline -> CaseStatusService.checkMove(pipeline, p, c, changes.stage()));
            }
            return errors.check(c.id(), writable);
        }).compose(v -> errors.verdict()).map(cases);
    }

    /** Saves each case that changes, through the same write as its single change (history, events). */
    private Future<Void> write(SqlConnection conn, Principal p, Changes changes, List<Case> cases) {
        return Together.each(cases, before -> {
            Case after = before;
            List<String> actions = new ArrayList<>();
            if (changes.shared().archive()) {
                after = before.withArchived(true, Case.ARCHIVED, before.stage());
                actions.add(CaseStatusService.ARCHIVED);
            }
            if (changes.stage() != null && !changes.stage().equals(before.stage())) {
                after = after.withStage(changes.stage(), before.stage());
                actions.add(CaseWrites.STATUS_CHANGED);
            }
            if (changes.reassigns()) {
                after = after.withOwner(changes.ownerUserId(), changes.ownerQueueId());
            }
            return actions.isEmpty() && before.sameOwner(after) ? Future.succeededFuture()
                    : writes.save(conn, p, before, after, actions, null);
        });
    }
}
