package dev.switchboard.cases;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Who works a case: claiming from a queue and releasing back to it, and managers' bulk assignment. */
public final class CaseAssignmentService {

    private final Db db;
    private final CaseWrites writes;

    public CaseAssignmentService(Db db, CaseWrites writes) {
        this.db = db;
        this.writes = writes;
    }

    /** Takes a case waiting in a queue the caller sees; exactly one of racing claims wins, the others get 409. */
    public Future<Case> claim(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> CaseService.visible(conn, p, id).compose(c -> {
                    p.require(Permission.CASES_WRITE);
                    return CaseWrites.active(c);
                })
                .compose(before -> CaseStore.claim(conn, p.tenantId(), id, p.userId()).compose(after -> after == null
                        ? Future.failedFuture(ApiException.conflict("case-not-queued", "the case is not waiting in a queue; "
                                + "someone may have claimed it first"))
                        : writes.record(conn, p, List.of(CaseWrites.ASSIGNED), before, after, null).map(after))));
    }

    /** Puts a claimed case back into its queue; by its owner or a manager; 409 when it was not claimed from a queue. */
    public Future<Case> release(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> CaseWrites.lockWritable(conn, p, id).compose(CaseWrites::active).compose(c -> {
            if (c.ownerQueueId() == null || c.ownerUserId() == null) {
                return Future.failedFuture(ApiException.conflict("case-not-claimed", "the case was not claimed from a queue"));
            }
            if (!p.userId().equals(c.ownerUserId()) && !p.role().atLeast(Role.MANAGER)) {
                return Future.failedFuture(ApiException.forbidden("only the case's owner or a manager may release it"));
            }
            return writes.save(conn, p, c, c.withOwner(null, c.ownerQueueId()), List.of(CaseWrites.ASSIGNED), null);
        }));
    }

    /**
     * Assigns every listed case to one user or queue, all or nothing: 404 when any case is invisible or missing,
     * 409 when any is archived, 400 for an unknown owner. Emits {@code case.assigned} per case.
     */
    public Future<List<Case>> bulkAssign(Principal p, List<UUID> ids, UUID ownerUserId, UUID ownerQueueId) {
        CaseRoles.requireManager(p);
        p.require(Permission.CASES_WRITE);
        return db.inTenant(p.tenantId(), conn -> References.ownerUser(conn, p, ownerUserId)
                .compose(v -> References.queue(conn, p, ownerQueueId))
                .compose(v -> CaseStore.lockVisible(conn, p, ids.toArray(new UUID[0])))
                .compose(cases -> {
                    if (cases.size() != ids.size()) {
                        return Future.failedFuture(ApiException.notFound("case"));
                    }
                    Future<List<Case>> chain = Future.succeededFuture(new ArrayList<>());
                    for (Case c : cases) {
                        chain = chain.compose(done -> CaseWrites.writable(p, c).compose(CaseWrites::active)
                                .compose(ok -> writes.save(conn, p, c, c.withOwner(ownerUserId, ownerQueueId), List.of(CaseWrites.ASSIGNED), null))
                                .map(saved -> {
                                    done.add(saved);
                                    return done;
                                }));
                    }
                    return chain;
                }));
    }
}
