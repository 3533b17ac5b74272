package dev.switchboard.cases;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** The steps every case write shares: load what the caller may change, save it, record its events and history. */
public final class CaseWrites {

    static final String CREATED = "case.created";
    static final String UPDATED = "case.updated";
    static final String ASSIGNED = "case.assigned";
    static final String STATUS_CHANGED = "case.status_changed";

    private final Changes changes;

    public CaseWrites(Changes changes) {
        this.changes = changes;
    }

    /**
     * The case, locked for this transaction; 404 when invisible (visibility is checked before permissions, so
     * nobody learns that an invisible case exists), 403 when the caller may see but not change it.
     */
    static Future<Case> lockWritable(SqlConnection conn, Principal p, UUID id) {
        return CaseStore.lockVisible(conn, p, id).compose(c -> writable(p, c));
    }

    static Future<Case> writable(Principal p, Case c) {
        if (c == null) {
            return Future.failedFuture(ApiException.notFound("case"));
        }
        if (!CaseVisibility.canWrite(p, c)) {
            return Future.failedFuture(ApiException.forbidden("you may read this case but not change it"));
        }
        return Future.succeededFuture(c);
    }

    static Future<Case> active(Case c) {
        return c.archived() ? Future.failedFuture(ApiException.conflict("case-archived", "the case is archived; restore it first"))
                : Future.succeededFuture(c);
    }

    /** Saves {@code after} over a locked {@code before}, records the history entry when the stage moved, and the events. */
    Future<Case> save(SqlConnection conn, Principal p, Case before, Case after, List<String> actions, String reason) {
        return saveAt(conn, p, before, after, before.version(), () -> new IllegalStateException("a locked case changed"), actions, reason);
    }

    /** As {@link #save}, for a case read without a lock: fails with {@code stale} unless it is still at {@code version}. */
    Future<Case> saveAt(SqlConnection conn, Principal p, Case before, Case after, int version, Supplier<RuntimeException> stale,
                        List<String> actions, String reason) {
        return CaseStore.save(conn, p.tenantId(), after, version)
                .compose(saved -> saved == null ? Future.<Case>failedFuture(stale.get()) : Future.succeededFuture(saved))
                .compose(saved -> history(conn, p, before, saved, reason)
                        .compose(v -> record(conn, p, actions, before, saved, reason))
                        .map(saved));
    }

    /** Records {@code actions}, then {@code case.assigned} when the owner changed and it is not already listed. */
    Future<Void> record(SqlConnection conn, Principal p, List<String> actions, Case before, Case after, String reason) {
        List<String> all = new ArrayList<>(actions);
        if (!before.sameOwner(after) && !all.contains(ASSIGNED)) {
            all.add(ASSIGNED);
        }
        JsonObject details = before.stage().equals(after.stage()) ? null
                : new JsonObject().put("fromStage", before.stage()).put("toStage", after.stage()).put("reason", reason);
        Future<Void> chain = Future.succeededFuture();
        for (String action : all) {
            Change change = Change.updated(action, "case", after.id(), before.auditView(), after.auditView());
            chain = chain.compose(v -> changes.record(conn, p, details == null ? change : change.withDetails(details)));
        }
        return chain;
    }

    Future<Void> created(SqlConnection conn, Principal p, Case c) {
        return StatusHistoryStore.append(conn, p.tenantId(), c.id(), null, c.stage(), null, p.userId())
                .compose(v -> changes.record(conn, p, Change.created(CREATED, "case", c.id(), c.auditView())));
    }

    /** As {@link #created}, for a case the system made (webhook ingestion). */
    Future<Void> createdBySystem(SqlConnection conn, UUID tenantId, Case c) {
        return StatusHistoryStore.append(conn, tenantId, c.id(), null, c.stage(), null, null)
                .compose(v -> changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM, Change.created(CREATED, "case", c.id(),
                        c.auditView())));
    }

    private static Future<Void> history(SqlConnection conn, Principal p, Case before, Case after, String reason) {
        return before.stage().equals(after.stage()) ? Future.succeededFuture()
                : StatusHistoryStore.append(conn, p.tenantId(), after.id(), before.stage(), after.stage(), reason, p.userId());
    }
}
