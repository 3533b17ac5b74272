package dev.switchboard.cases;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
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

/**
 * Pipelines: every staff member reads them (portal customers see none); managers and admins change them.
 * The default pipeline is created the first time a tenant needs one.
 */
public final class PipelineService {

    private final Db db;
    private final Changes changes;

    public PipelineService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    public Future<List<Pipeline>> list(Principal p, Pages page) {
        if (p.isCustomer()) {
            return Future.succeededFuture(List.of());
        }
        return db.inTenant(p.tenantId(), conn -> ensureDefault(conn, p).compose(d -> PipelineStore.list(conn, p.tenantId(), page)));
    }

    /** The pipeline; 404 when there is none in the caller's organization (and always for customers). */
    public Future<Pipeline> get(Principal p, UUID id) {
        if (p.isCustomer()) {
            return Future.failedFuture(ApiException.notFound("pipeline"));
        }
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a pipeline; 403 below manager, 409 when the name is taken. */
    public Future<Pipeline> create(Principal p, PipelineInput input) {
        CaseRoles.requireManager(p);
        UUID id = Ids.next();
        return db.inTenant(p.tenantId(), conn -> PipelineStore.insert(conn, p.tenantId(), id, input.name(), input.stages(),
                                input.transitions())
                        .compose(v -> existing(conn, p, id))
                        .compose(created -> changes.record(conn, p, Change.created("pipeline.created", "pipeline", id,
                                created.auditView())).map(created)))
                .recover(PipelineService::translate);
    }

    /**
     * Changes a pipeline's name, or its stages and transitions (together), as {@code patch} names them (null keeps a
     * value); 409/412 when stale, 409 when the name is taken or a stage some case is in would disappear.
     */
    public Future<Pipeline> update(Principal p, UUID id, PipelineInput patch, ExpectedVersion expected) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> {
                        PipelineInput input = patch.over(before);
                        return PipelineStore.stagesInUse(conn, p.tenantId(), id).compose(inUse -> {
                            List<String> dropped = inUse.stream().filter(key -> input.stages().stream()
                                    .noneMatch(s -> s.key().equals(key))).toList();
                            if (!dropped.isEmpty()) {
                                return Future.failedFuture(ApiException.conflict("stage-in-use",
                                        "cases are in stages " + String.join(", ", dropped) + "; move them first"));
                            }
                            return PipelineStore.update(conn, p.tenantId(), id, input.name(), input.stages(), input.transitions(),
                                    ExpectedVersion.orRead(expected, before.version()));
                        }).compose(updated -> updated
                                ? existing(conn, p, id).compose(after -> changes.record(conn, p, Change.updated("pipeline.updated",
                                        "pipeline", id, before.auditView(), after.auditView())).map(after))
                                : Future.failedFuture(ExpectedVersion.staleOr(expected, "the pipeline")));
                    }))
                .recover(PipelineService::translate);
    }

    /** Deletes a pipeline no case uses; 409 for the default pipeline or one in use. */
    public Future<Void> delete(Principal p, UUID id) {
        CaseRoles.requireManager(p);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(pipeline -> pipeline.isDefault()
                        ? Future.failedFuture(ApiException.conflict("pipeline-is-default", "the default pipeline cannot be deleted"))
                        : PipelineStore.delete(conn, p.tenantId(), id)
                                .compose(v -> changes.record(conn, p, Change.deleted("pipeline.deleted", "pipeline", id,
                                        pipeline.auditView())))))
                .recover(PipelineService::translate);
    }

    /** The tenant's default pipeline, created (and recorded) inside {@code conn}'s transaction if it has none yet. */
    Future<Pipeline> ensureDefault(SqlConnection conn, Principal p) {
        return ensureDefault(conn, p.tenantId(), p.actor(), p.meta());
    }

    /** As {@link #ensureDefault(SqlConnection, Principal)}, for a write by {@code actor} (the system). */
    Future<Pipeline> ensureDefault(SqlConnection conn, UUID tenantId, Actor actor, RequestMeta meta) {
        return PipelineStore.findDefault(conn, tenantId).compose(found -> {
            if (found != null) {
                return Future.succeededFuture(found);
            }
            UUID id = Ids.next();
            return PipelineStore.insertDefault(conn, tenantId, id).compose(created -> {
                Future<Pipeline> pipeline = PipelineStore.findDefault(conn, tenantId);
                return created ? pipeline.compose(d -> changes.record(conn, tenantId, actor, meta, Change.created("pipeline.created",
                        "pipeline", id, d.auditView())).map(d)) : pipeline;
            });
        });
    }

    /** The pipeline a case uses: the given one, or the default when {@code id} is null; 400 for an unknown id. */
    Future<Pipeline> forCase(SqlConnection conn, Principal p, UUID id) {
        if (id == null) {
            return ensureDefault(conn, p);
        }
        return PipelineStore.find(conn, p.tenantId(), id).compose(found -> found == null
                ? Future.failedFuture(ApiException.unknownReference("pipelineId", "is not a pipeline of this organization"))
                : Future.succeededFuture(found));
    }

    /** A pipeline known to exist (loaded for a case that references it). */
    Future<Pipeline> of(SqlConnection conn, Principal p, UUID id) {
        return existing(conn, p, id);
    }

    private Future<Pipeline> existing(SqlConnection conn, Principal p, UUID id) {
        return PipelineStore.find(conn, p.tenantId(), id).compose(found -> found == null
                ? Future.failedFuture(ApiException.notFound("pipeline")) : Future.succeededFuture(found));
    }

    private static <T> Future<T> translate(Throwable err) {
        if (err instanceof StoreException s && s.isDuplicate("pipelines_name_key")) {
            return Future.failedFuture(ApiException.conflict("pipeline-name-taken", "a pipeline with this name already exists"));
        }
        if (err instanceof StoreException s && s.kind() == StoreException.Kind.MISSING_REFERENCE) {
            return Future.failedFuture(ApiException.conflict("pipeline-in-use", "cases use this pipeline; it cannot be deleted"));
        }
        return Future.failedFuture(err);
    }
}
