package dev.switchboard.attachments;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * {@code /api/v1/attachments}: upload a file to a record (the raw body, streamed to disk), list a record's files,
 * read one's details, download it, remove it.
 */
final class AttachmentEndpoint implements Endpoint {

    private static final String COLLECTION = "/api/v1/attachments";

    private final AttachmentService attachments;
    private final IncomingFiles incoming;
    private final ApiRoutes routes;

    AttachmentEndpoint(AttachmentService attachments, IncomingFiles incoming, ApiRoutes routes) {
        this.attachments = attachments;
        this.incoming = incoming;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, COLLECTION, this::list);
        routes.post(router, COLLECTION, this::upload);
        routes.get(router, COLLECTION + "/:id", this::get);
        routes.get(router, COLLECTION + "/:id/content", this::download);
        routes.delete(router, COLLECTION + "/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/attachments.json";
    }

    /** An upload's body is the file itself: it streams to disk instead of being read into memory. */
    @Override
    public boolean streamsBody(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST && COLLECTION.equals(ctx.normalizedPath());
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Parent parent = parent(ctx, null);
        Responses.replyPage(ctx, attachments.list(Principal.of(ctx), parent.type(), parent.id(), page), page,
                Attachment::toJson, Attachment::id);
    }

    private void upload(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        Parent parent = parent(ctx, "filename");
        incoming.refuseAnnouncedOverLimit(ctx.request());
        Future<Attachment> saved = attachments.checkUploadable(p, parent.type(), parent.id())
                .compose(v -> incoming.receive(ctx.request()))
                .compose(received -> attachments.create(p, parent.type(), parent.id(), parent.filename(), received));
        Responses.replyCreated(ctx, saved, Attachment::toJson);
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, attachments.get(Principal.of(ctx), attachmentId(ctx)), Attachment::toJson);
    }

    /**
     * The file as a download, never rendered by a browser: {@code Content-Disposition: attachment}, {@code nosniff},
     * a sandboxing CSP, and the type sniffed at upload (which is never HTML or SVG). With an object store, a redirect
     * to a short-lived signed link that makes the store answer the same way; the redirect itself is never cached.
     */
    private void download(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        Responses.then(ctx, attachments.get(p, attachmentId(ctx)), a -> {
            FileStore.Download file = attachments.file(p, a);
            HttpServerResponse response = ctx.response().putHeader("Cache-Control", "private, no-store");
            if (file.url() != null) {
                response.setStatusCode(302).putHeader("Location", file.url()).end();
                return;
            }
            response.putHeader("Content-Type", a.contentType())
                    .putHeader("Content-Disposition", Filenames.disposition(a.filename()))
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", "default-src 'none'; sandbox");
            response.sendFile(file.path()).onFailure(err -> {
                if (!response.headWritten()) {
                    ctx.fail(ApiException.notFound("attachment"));
                }
            });
        });
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, attachments.delete(Principal.of(ctx), attachmentId(ctx)));
    }

    /** The parent record named by the query ({@code entityType}, {@code entityId}), and the file name when asked for. */
    private static Parent parent(RoutingContext ctx, String filenameParam) {
        JsonObject query = new JsonObject().put("entityType", ctx.queryParams().get("entityType"))
                .put("entityId", ctx.queryParams().get("entityId"));
        Validator v = new Validator(query);
        String type = v.requiredString("entityType", 40);
        UUID id = null;
        if (query.getValue("entityId") == null) {
            v.fail("entityId", "is required");
        } else {
            id = v.uuid(query.getValue("entityId"), "entityId");
        }
        String filename = null;
        if (filenameParam != null) {
            filename = Filenames.displayName(ctx.queryParams().get(filenameParam));
            if (filename == null) {
                v.fail(filenameParam, "is required: a file name of 1 to " + Filenames.MAX_LENGTH + " characters without control characters");
            }
        }
        v.check();
        return new Parent(type, id, filename);
    }

    private record Parent(String type, UUID id, String filename) {
    }

    private static UUID attachmentId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "attachment");
    }
}
