package dev.switchboard.workflows;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/v1/workflows}: rules, versions, dry runs and the caller's automation opt-outs; {@code /api/v1/workflow-runs}:
 * run history.
 */
public final class WorkflowEndpoint implements Endpoint {

    private static final String BASE = "/api/v1/workflows";
    private static final String RUNS = "/api/v1/workflow-runs";
    /**
     * Where the run history was first served. A run id there stood where a workflow id stands in
     * {@code /workflows/{id}/enable}, so the history moved to {@link #RUNS}; these paths keep answering the same for
     * existing clients, undocumented.
     */
    static final String FORMER_RUNS = BASE + "/runs";
    private static final Set<String> RUN_STATUSES = Set.of(Run.QUEUED, Run.RUNNING, Run.SUCCEEDED, Run.FAILED, Run.STOPPED);

    private final WorkflowService workflows;
    private final RunService runs;
    private final ApiRoutes routes;

    public WorkflowEndpoint(WorkflowService workflows, RunService runs, ApiRoutes routes) {
        this.workflows = workflows;
        this.runs = runs;
        this.routes = routes;
    }

    /** The fields a PATCH may name. */
    static final Set<String> PATCHABLE = Set.of("name", "description", "definition");

    @Override
    public void addRoutes(Router router) {
        routes.get(router, RUNS, this::listRuns);
        routes.get(router, RUNS + "/:id", this::getRun);
        routes.get(router, FORMER_RUNS, this::listRuns).putMetadata(Endpoint.SUCCESSOR, RUNS);
        routes.get(router, FORMER_RUNS + "/:id", this::getRun).putMetadata(Endpoint.SUCCESSOR, RUNS + "/:id");
        routes.get(router, BASE + "/opt-out", this::optOuts);
        routes.put(router, BASE + "/opt-out", this::saveOptOuts);
        routes.get(router, BASE, this::list);
        routes.post(router, BASE, this::create);
        routes.get(router, BASE + "/:id", this::get);
        routes.patch(router, BASE + "/:id", this::update);
        routes.delete(router, BASE + "/:id", this::delete);
        routes.post(router, BASE + "/:id/enable", ctx -> setEnabled(ctx, true));
        routes.post(router, BASE + "/:id/disable", ctx -> setEnabled(ctx, false));
        routes.get(router, BASE + "/:id/versions", this::versions);
        routes.get(router, BASE + "/:id/versions/:version", this::version);
        routes.post(router, BASE + "/:id/dry-run", this::dryRun);
    }

    @Override
    public String openApiFragment() {
        return "openapi/workflows.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        String enabled = ctx.queryParams().get("enabled");
        if (enabled != null && !Set.of("true", "false").contains(enabled)) {
            throw ApiException.invalid("enabled", "must be true or false");
        }
        Responses.replyPage(ctx, workflows.list(Principal.of(ctx), enabled == null ? null : Boolean.valueOf(enabled), page), page,
                Workflow::toJson, Workflow::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.requiredString("name", 200);
        String description = v.optionalString("description", 2000);
        Object enabled = body.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            v.fail("enabled", "must be true or false");
        }
        Definition definition = definition(v, body);
        v.check();
        Responses.replyCreated(ctx, workflows.create(Principal.of(ctx), name, description, definition, Boolean.TRUE.equals(enabled)),
                Workflow::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, workflows.get(Principal.of(ctx), id(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = id(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        // a partial update: the fields left out keep their value
        Set<String> present = new java.util.LinkedHashSet<>();
        body.fieldNames().stream().filter(PATCHABLE::contains).forEach(present::add);
        String name = present.contains("name") ? v.requiredString("name", 200) : null;
        String description = v.optionalString("description", 2000);
        Definition definition = present.contains("definition") ? definition(v, body) : null;
        if (present.isEmpty()) {
            v.fail("body", "names no field to change (name, description, definition)");
        }
        // Checked after the workflow is found: another organization's id answers 404 whatever the body. The refusal
        // names an unreadable If-Match too, so it is read only when the body is fine.
        ApiException invalid = problems(v);
        reply(ctx, workflows.update(Principal.of(ctx), id, new WorkflowService.Patch(present, name, description, definition),
                invalid == null ? ExpectedVersion.of(ctx, body) : null, invalid));
    }

    private void setEnabled(RoutingContext ctx, boolean enabled) {
        UUID id = id(ctx);
        JsonObject body = Requests.optionalJsonBody(ctx);
        reply(ctx, workflows.setEnabled(Principal.of(ctx), id, enabled, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, workflows.delete(Principal.of(ctx), id(ctx)));
    }

    private void versions(RoutingContext ctx) {
        UUID id = id(ctx);
        int limit = limit(ctx);
        Integer before = versionParam(ctx.queryParams().get("cursor"), "cursor");
        Responses.then(ctx, workflows.versions(Principal.of(ctx), id, before, limit), list -> {
            String next = list.size() == limit ? list.get(list.size() - 1).getInteger("version").toString() : null;
            Responses.page(ctx, new JsonArray(List.copyOf(list)), next);
        });
    }

    private void version(RoutingContext ctx) {
        UUID id = id(ctx);
        Integer version = versionParam(ctx.pathParam("version"), "version");
        Responses.reply(ctx, workflows.version(Principal.of(ctx), id, version), json -> json);
    }

    private void dryRun(RoutingContext ctx) {
        UUID id = id(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        if (!(body.getValue("sample") instanceof JsonObject sample)) {
            throw ApiException.invalid("sample", "must be an object: the record (record, or before and after) to test against");
        }
        for (String part : List.of("record", "before", "after")) {
            if (sample.getValue(part) != null && !(sample.getValue(part) instanceof JsonObject)) {
                throw ApiException.invalid("sample." + part, "must be an object");
            }
        }
        Responses.reply(ctx, workflows.dryRun(Principal.of(ctx), id, sample), json -> json);
    }

    private void listRuns(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true);
        Validator v = new Validator(new JsonObject());
        UUID workflowId = v.uuid(ctx.queryParams().get("workflowId"), "workflowId");
        String status = ctx.queryParams().get("status");
        if (status != null && !RUN_STATUSES.contains(status)) {
            v.fail("status", "must be one of failed, queued, running, stopped, succeeded");
        }
        v.check();
        Responses.replyPage(ctx, runs.list(Principal.of(ctx), workflowId, status, page), page, Run::toJson, Run::id);
    }

    private void getRun(RoutingContext ctx) {
        Responses.reply(ctx, runs.get(Principal.of(ctx), Requests.pathId(ctx, "id", "workflow run")), json -> json);
    }

    private void optOuts(RoutingContext ctx) {
        Responses.reply(ctx, runs.optOuts(Principal.of(ctx)), json -> json);
    }

    private void saveOptOuts(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        List<FieldError> errors = new ArrayList<>();
        for (String kind : OptOuts.KINDS) {
            if (!(body.getValue(kind) instanceof Boolean)) {
                errors.add(new FieldError(kind, "must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Responses.reply(ctx, runs.saveOptOuts(Principal.of(ctx), body.getBoolean(OptOuts.NOTIFICATIONS), body.getBoolean(OptOuts.EMAILS),
                body.getBoolean(OptOuts.ASSIGNMENTS)), json -> json);
    }

    private static Definition definition(Validator v, JsonObject body) {
        DefinitionParser.Result parsed = DefinitionParser.parse(body.getValue("definition"));
        parsed.errors().forEach(e -> v.fail(e.field(), e.message()));
        return parsed.definition();
    }

    private static ApiException problems(Validator v) {
        try {
            v.check();
            return null;
        } catch (ApiException e) {
            return e;
        }
    }

    private static Integer versionParam(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int version = Integer.parseInt(value);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(field, "must be a version number");
    }

    /** Version lists page by version number (the cursor), not by id, so they read {@code limit} here. */
    private static int limit(RoutingContext ctx) {
        String value = ctx.queryParams().get("limit");
        if (value == null) {
            return Pages.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= Pages.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit", "must be an integer from 1 to " + Pages.MAX_LIMIT);
    }

    private static UUID id(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "workflow");
    }

    private static void reply(RoutingContext ctx, Future<Workflow> w) {
        Responses.replyVersioned(ctx, w, x -> x.toJson(), x -> x.version());
    }
}
