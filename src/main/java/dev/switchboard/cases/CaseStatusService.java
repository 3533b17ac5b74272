package dev.switchboard.cases;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;

/**
 * Moving cases through their pipeline: status changes checked against the pipeline's transitions and stage
 * roles, the manager handoff (accept or deny), archive and restore. Each move is written to the status history.
 */
public final class CaseStatusService {

    static final String HANDOFF_ACCEPTED = "case.handoff_accepted";
    static final String HANDOFF_DENIED = "case.handoff_denied";
    static final String ARCHIVED = "case.archived";
    static final String RESTORED = "case.restored";

    private final Db db;
    private final PipelineService pipelines;
    private final CaseWrites writes;

    public CaseStatusService(Db db, PipelineService pipelines, CaseWrites writes) {
        this.db = db;
        this.pipelines = pipelines;
        this.writes = writes;
    }

    /** Moves a case to {@code stage}; 422 when the pipeline does not allow the move, 403 when the role may not set it. */
    public Future<Case> changeStatus(Principal p, UUID id, String stage, String reason) {
        return db.inTenant(p.tenantId(), conn -> activeForWrite(conn, p, id)
                .compose(c -> move(conn, p, c, stage, reason, null, List.of(CaseWrites.STATUS_CHANGED))));
    }

    /** A manager accepts a case waiting for handoff: it moves to accepted and becomes theirs; 409 unless it is waiting. */
    public Future<Case> acceptHandoff(Principal p, UUID id) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> pendingHandoff(conn, p, id).compose(c -> move(conn, p, c, DefaultPipeline.ACCEPTED,
                null, p.userId(), List.of(HANDOFF_ACCEPTED, CaseWrites.STATUS_CHANGED))));
    }

    /** A manager denies a handoff with a reason: the case returns to qualified; 409 unless it is waiting. */
    public Future<Case> denyHandoff(Principal p, UUID id, String reason) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> pendingHandoff(conn, p, id).compose(c -> move(conn, p, c, DefaultPipeline.QUALIFIED,
                reason, null, List.of(HANDOFF_DENIED, CaseWrites.STATUS_CHANGED))));
    }

    /** Archives a case (stage {@code archived}, remembering the stage it was in); 409 when already archived. */
    public Future<Case> archive(Principal p, UUID id, String reason) {
        return db.inTenant(p.tenantId(), conn -> activeForWrite(conn, p, id).compose(c ->
                writes.save(conn, p, c, c.withArchived(true, Case.ARCHIVED, c.stage()), List.of(ARCHIVED), reason)));
    }

    /** Restores an archived case to the stage it was in before archiving; 409 when it is not archived. */
    public Future<Case> restore(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> CaseWrites.lockWritable(conn, p, id).compose(c -> c.archived()
                ? writes.save(conn, p, c, c.withArchived(false, c.previousStage(), Case.ARCHIVED), List.of(RESTORED), null)
                : Future.failedFuture(ApiException.conflict("case-not-archived", "the case is not archived"))));
    }

    private static Future<Case> activeForWrite(SqlConnection conn, Principal p, UUID id) {
        return CaseWrites.lockWritable(conn, p, id).compose(CaseWrites::active);
    }

    private static Future<Case> pendingHandoff(SqlConnection conn, Principal p, UUID id) {
        return activeForWrite(conn, p, id).compose(c -> DefaultPipeline.PENDING_HANDOFF.equals(c.stage()) ? Future.succeededFuture(c)
                : Future.failedFuture(ApiException.conflict("not-pending-handoff", "the case is not waiting for a handoff")));
    }

    /** Checks the move against the case's pipeline and saves it; {@code newOwner} non-null also assigns the case. */
    private Future<Case> move(SqlConnection conn, Principal p, Case c, String to, String reason, UUID newOwner, List<String> actions) {
        return pipelines.of(conn, p, c.pipelineId()).compose(pipeline -> checkMove(pipeline, p, c, to)).compose(v -> {
            Case moved = c.withStage(to, c.stage());
            return writes.save(conn, p, c, newOwner == null ? moved : moved.withOwner(newOwner, null), actions, reason);
        });
    }

    /** Whether {@code p} may move {@code c} to {@code to} in its {@code pipeline}: 422 when the pipeline forbids it, 403 for the role. */
    static Future<Void> checkMove(Pipeline pipeline, Principal p, Case c, String to) {
        String refusal = pipeline.refusal(c.stage(), to);
        if (refusal != null) {
            return Future.failedFuture(new ApiException(422, "transition-not-allowed", "Transition not allowed", refusal));
        }
        if (!pipeline.stage(to).orElseThrow().maySet(p.role())) {
            return Future.failedFuture(ApiException.forbidden("your role may not move cases to stage " + to));
        }
        return Future.succeededFuture();
    }
}
