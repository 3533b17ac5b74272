package dev.switchboard.cases;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/** Case queues: staff read them (customers see none); managers and admins create, change and delete them. */
public final class QueueService {

    private final Db db;
    private final Changes changes;
    private final References references;

    public QueueService(Db db, Changes changes, References references) {
        this.db = db;
        this.changes = changes;
        this.references = references;
    }

    public Future<List<CaseQueue>> list(Principal p, Pages page) {
        if (p.isCustomer()) {
            return Future.succeededFuture(List.of());
        }
        return db.inTenant(p.tenantId(), conn -> QueueStore.list(conn, p.tenantId(), page));
    }

    /** The queue; 404 when there is none in the caller's organization (and always for customers). */
    public Future<CaseQueue> get(Principal p, UUID id) {
        if (p.isCustomer()) {
            return Future.failedFuture(ApiException.notFound("queue"));
        }
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a queue; 403 below manager, 400 for an unknown team, 409 when the name is taken. */
    public Future<CaseQueue> create(Principal p, String name, String description, UUID teamId) {
        CaseRoles.requireManager(p);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> references.check(conn, p, teamId, null)
                        .compose(ok -> QueueStore.insert(conn, p.tenantId(), id, name, description, teamId))
                        .compose(v -> existing(conn, p, id))
                        .compose(queue -> changes.record(conn, p, Change.created("queue.created", "queue", id, queue.auditView()))
                                .map(queue)))
                .recover(QueueService::translate);
    }

    /** The fields a partial update names ({@code present}); the others keep their value. */
    public record Patch(java.util.Set<String> present, String name, String description, UUID teamId) {
    }

    /** Changes a queue's name, description and team as {@code patch} names them; 409/412 when stale, 409 when the name is taken. */
    public Future<CaseQueue> update(Principal p, UUID id, Patch patch, ExpectedVersion expected) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> references.check(conn, p, patch.teamId(), null).compose(ok -> existing(conn, p, id))
                        .compose(before -> QueueStore.update(conn, p.tenantId(), id,
                                patch.present().contains("name") ? patch.name() : before.name(),
                                patch.present().contains("description") ? patch.description() : before.description(),
                                patch.present().contains("teamId") ? patch.teamId() : before.teamId(),
                                ExpectedVersion.orRead(expected, before.version()))
                                .compose(updated -> updated
                                        ? existing(conn, p, id).compose(after -> changes.record(conn, p, Change.updated("queue.updated",
                                                "queue", id, before.auditView(), after.auditView())).map(after))
                                        : Future.failedFuture(ExpectedVersion.staleOr(expected, "the queue")))))
                .recover(QueueService::translate);
    }

    /** Deletes a queue; 409 while cases or tasks are in it. */
    public Future<Void> delete(Principal p, UUID id) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(queue -> QueueStore.delete(conn, p.tenantId(), id)
                        .compose(v -> changes.record(conn, p, Change.deleted("queue.deleted", "queue", id, queue.auditView())))))
                .recover(QueueService::translate);
    }

    private Future<CaseQueue> existing(SqlConnection conn, Principal p, UUID id) {
        return QueueStore.find(conn, p.tenantId(), id).compose(found -> found == null
                ? Future.failedFuture(ApiException.notFound("queue")) : Future.succeededFuture(found));
    }

    private static <T> Future<T> translate(Throwable err) {
        if (err instanceof StoreException s && s.isDuplicate("case_queues_name_key")) {
            return Future.failedFuture(ApiException.conflict("queue-name-taken", "a queue with this name already exists"));
        }
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE) {
            return Future.failedFuture(ApiException.conflict("queue-in-use", "cases or tasks are in this queue; move them first"));
        }
        return Future.failedFuture(err);
    }
}
