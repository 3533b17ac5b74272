package dev.switchboard.workflows;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Workflows: create, read, edit (each edit saves a new version), enable/disable, soft delete, versions,
 * and dry runs. Everything needs {@code workflows.manage}; 404 for another organization's workflow.
 */
public final class WorkflowService {

    private final Db db;
    private final Changes changes;
    private final Clock clock;

    public WorkflowService(Db db, Changes changes, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.clock = clock;
    }

    Future<List<Workflow>> list(Principal p, Boolean enabled, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> WorkflowStore.list(conn, p.tenantId(), enabled, page));
    }

    Future<Workflow> get(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id));
    }

    /** Creates a workflow at version 1; 422 naming the path of an id that is not a usable record of the organization. */
    Future<Workflow> create(Principal p, String name, String description, Definition definition, boolean enabled) {
        p.require(Permission.WORKFLOWS_MANAGE);
        OffsetDateTime now = now();
        Workflow w = new Workflow(p.tenantId(), Ids.next(), name, description, definition, enabled, 1, p.userId(), now, now,
                enabled ? now : null);
        return db.inTenant(p.tenantId(), conn -> DefinitionReferences.check(conn, p.tenantId(), definition)
                .compose(v -> WorkflowStore.insert(conn, w))
                .compose(v -> WorkflowStore.snapshot(conn, p.tenantId(), w.id(), p.userId()))
                .compose(v -> existing(conn, p, w.id()))
                .compose(saved -> changes.record(conn, p, Change.created("workflow.created", "workflow", w.id(), saved.auditView()))
                        .map(saved)));
    }

    /**
     * Changes the name, description and definition {@code patch} names, as a new version; 404 for a workflow the caller cannot see, then
     * {@code invalid} (the request's field errors) when not null, 409/412 when {@code expected} is stale.
     */
    Future<Workflow> update(Principal p, UUID id, Patch patch, ExpectedVersion expected, ApiException invalid) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before -> {
            if (invalid != null) {
                return Future.failedFuture(invalid);
            }
            String name = patch.present().contains("name") ? patch.name() : before.name();
            String description = patch.present().contains("description") ? patch.description() : before.description();
            Definition definition = patch.present().contains("definition") ? patch.definition() : before.definition();
            return DefinitionReferences.check(conn, p.tenantId(), definition).compose(v -> WorkflowStore.update(conn, p.tenantId(), id,
                            name, description, definition, now(), ExpectedVersion.orRead(expected, before.version())))
                    .compose(updated -> saved(conn, p, id, before, updated, expected, "workflow.updated"));
        }));
    }

    /** The fields a partial update names ({@code present}); the others keep their value. */
    record Patch(Set<String> present, String name, String description, Definition definition) {
    }

    /** Turns the workflow on or off (a new version too); 409/412 when {@code expected} is stale. */
    Future<Workflow> setEnabled(Principal p, UUID id, boolean enabled, ExpectedVersion expected) {
        p.require(Permission.WORKFLOWS_MANAGE);
        String action = enabled ? "workflow.enabled" : "workflow.disabled";
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(before ->
                WorkflowStore.setEnabled(conn, p.tenantId(), id, enabled, now(), ExpectedVersion.orRead(expected, before.version()))
                        .compose(updated -> saved(conn, p, id, before, updated, expected, action))));
    }

    Future<Void> delete(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(w -> WorkflowStore.delete(conn, p.tenantId(), id, now())
                .compose(v -> changes.record(conn, p, Change.deleted("workflow.deleted", "workflow", id, w.auditView())))));
    }

    /** Saved versions, newest first, {@code before} a version number (keyset). */
    Future<List<JsonObject>> versions(Principal p, UUID id, Integer before, int limit) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id)
                .compose(w -> WorkflowStore.versions(conn, p.tenantId(), id, before, limit)));
    }

    Future<JsonObject> version(Principal p, UUID id, int version) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id).compose(w -> WorkflowStore.version(conn, p.tenantId(), id, version))
                .compose(v -> v == null ? Future.failedFuture(ApiException.notFound("workflow version")) : Future.succeededFuture(v)));
    }

    /**
     * Evaluates the workflow's conditions against {@code sample} (a run input: {@code before}, {@code after},
     * {@code record}, ...) and lists what its actions would do. Changes nothing.
     */
    Future<JsonObject> dryRun(Principal p, UUID id, JsonObject sample) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> existing(conn, p, id)).map(w -> {
            JsonObject input = RunInput.normalise(sample);
            List<Conditions.Outcome> outcomes = Conditions.evaluate(w.definition().conditions(), input);
            boolean matched = Conditions.all(outcomes);
            JsonArray conditions = new JsonArray();
            outcomes.forEach(o -> conditions.add(o.toJson()));
            JsonArray actions = new JsonArray();
            if (matched) {
                List<JsonObject> list = w.definition().actions();
                for (int i = 0; i < list.size(); i++) {
                    actions.add(new JsonObject().put("position", i).put("type", list.get(i).getString("type"))
                            .put("wouldDo", StepInputs.describe(list.get(i), input)));
                }
            }
            return new JsonObject().put("workflowId", id.toString()).put("version", w.version()).put("matched", matched)
                    .put("conditions", conditions).put("actions", actions);
        });
    }

    private Future<Workflow> saved(SqlConnection conn, Principal p, UUID id, Workflow before, boolean updated, ExpectedVersion expected,
                                   String action) {
        if (!updated) {
            return Future.failedFuture(ExpectedVersion.staleOr(expected, "the workflow"));
        }
        return WorkflowStore.snapshot(conn, p.tenantId(), id, p.userId())
                .compose(v -> existing(conn, p, id))
                .compose(after -> changes.record(conn, p, Change.updated(action, "workflow", id, before.auditView(), after.auditView()))
                        .map(after));
    }

    private static Future<Workflow> existing(SqlConnection conn, Principal p, UUID id) {
        return WorkflowStore.find(conn, p.tenantId(), id).compose(w -> w == null
                ? Future.failedFuture(ApiException.notFound("workflow")) : Future.succeededFuture(w));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
