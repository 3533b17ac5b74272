package dev.switchboard.email;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/emails}: send an email from a template, and read the send log (documented in {@code openapi/email.json}). */
public final class EmailEndpoint implements Endpoint {

    private static final Set<String> STATUSES = Set.of(EmailMessage.QUEUED, EmailMessage.SENT, EmailMessage.FAILED);
    private static final int MAX_THREAD = 50;

    private final EmailService emails;
    private final ApiRoutes routes;

    public EmailEndpoint(EmailService emails, ApiRoutes routes) {
        this.emails = emails;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/emails", this::list);
        routes.post(router, "/api/v1/emails", this::send);
        routes.get(router, "/api/v1/emails/:id", this::get);
    }

    private void send(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String templateId = v.requiredString("templateId", 36);
        String to = v.email("to");
        List<String> replyTo = v.stringList("replyTo", null);
        if (replyTo.size() > MAX_THREAD || replyTo.stream().anyMatch(id -> id.isBlank() || id.length() > 998)) {
            v.fail("replyTo", "must list at most " + MAX_THREAD + " message ids");
        }
        UUID template = templateId == null ? null : Ids.parse(templateId);
        if (templateId != null && template == null) {
            v.fail("templateId", "must be a UUID");
        }
        JsonObject data = data(body);
        v.check();
        Responses.replyCreated(ctx, emails.send(Principal.of(ctx), template, to, data, replyTo), EmailMessage::toJson);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true);
        String status = ctx.queryParams().get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of queued, sent, failed");
        }
        Responses.replyPage(ctx, emails.list(Principal.of(ctx), status, page), page, EmailMessage::toJson, EmailMessage::id);
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, emails.get(Principal.of(ctx), Requests.pathId(ctx, "id", "email")), EmailMessage::toJson);
    }

    /** The {@code data} object of a body: template variables; absent means none. */
    static JsonObject data(JsonObject body) {
        Object data = body.getValue("data");
        if (data == null) {
            return new JsonObject();
        }
        if (!(data instanceof JsonObject object)) {
            throw ApiException.invalid("data", "must be a JSON object");
        }
        return object;
    }
}
