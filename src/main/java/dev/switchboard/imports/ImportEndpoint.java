package dev.switchboard.imports;

import dev.switchboard.jobs.Job;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/imports}: upload a CSV file of one record type, {@code /api/v1/imports/{type}} (the raw body, spooled to
 * disk as it streams), then follow the import's job and list its rejected rows. Requires {@code data.import}.
 */
final class ImportEndpoint implements Endpoint {

    private static final String COLLECTION = "/api/v1/imports";

    private final Set<String> types;
    private final ImportService imports;
    private final ImportSpool spool;
    private final ApiRoutes routes;

    ImportEndpoint(Set<String> types, ImportService imports, ImportSpool spool, ApiRoutes routes) {
        this.types = Set.copyOf(types);
        this.imports = imports;
        this.spool = spool;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        types.stream().sorted().forEach(type -> routes.post(router, COLLECTION + "/" + type, ctx -> upload(ctx, type)));
        routes.get(router, COLLECTION + "/:id", this::get);
        routes.get(router, COLLECTION + "/:id/errors", this::errors);
    }

    @Override
    public String openApiFragment() {
        return "openapi/imports.json";
    }

    /** An upload's body is the file itself: it streams to disk instead of being read into memory. */
    @Override
    public boolean streamsBody(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return ctx.request().method() == HttpMethod.POST && path.startsWith(COLLECTION + "/")
                && types.contains(path.substring(COLLECTION.length() + 1));
    }

    private void upload(RoutingContext ctx, String type) {
        Principal p = Principal.of(ctx);
        p.require(Permission.DATA_IMPORT);
        String mode = choice(ctx, "mode", ImportRequest.ALL_OR_NOTHING, ImportRequest.SKIP_INVALID);
        String onDuplicate = choice(ctx, "onDuplicate", ImportRequest.SKIP, ImportRequest.UPDATE);
        List<FieldError> invalid = new ArrayList<>();
        if (mode == null) {
            invalid.add(new FieldError("mode", "must be all_or_nothing or skip_invalid"));
        }
        if (onDuplicate == null) {
            invalid.add(new FieldError("onDuplicate", "must be skip or update"));
        }
        if (!invalid.isEmpty()) {
            throw ApiException.invalid(invalid);
        }
        spool.refuseAnnouncedOverLimit(ctx.request());
        var started = spool.receive(ctx.request()).compose(file -> imports.start(new ImportRequest(type, file,
                ImportRequest.ALL_OR_NOTHING.equals(mode), ImportRequest.UPDATE.equals(onDuplicate), p))
                .onFailure(err -> spool.remove(file)));
        Responses.then(ctx, started, job -> {
            ctx.response().putHeader("Location", COLLECTION + "/" + job.id());
            Responses.accepted(ctx, toJson(job));
        });
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, imports.get(Principal.of(ctx), importId(ctx)), ImportEndpoint::toJson);
    }

    private void errors(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, imports.errors(Principal.of(ctx), importId(ctx), page), page, RowError::toJson, RowError::id);
    }

    /** The query parameter, the first of {@code allowed} when absent, null when it is none of them. */
    private static String choice(RoutingContext ctx, String name, String... allowed) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return allowed[0];
        }
        return List.of(allowed).contains(value) ? value : null;
    }

    static JsonObject toJson(Job job) {
        JsonObject payload = job.payload();
        return new JsonObject().put("id", job.id().toString())
                .put("recordType", payload.getString("type"))
                .put("status", job.status())
                .put("progress", job.progress())
                .put("lastError", job.lastError())
                .put("createdAt", job.toJson().getString("createdAt"))
                .put("finishedAt", job.toJson().getString("finishedAt"));
    }

    private static java.util.UUID importId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "import");
    }
}
