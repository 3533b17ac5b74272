package dev.switchboard.email;

import dev.switchboard.platform.error.ApiException;
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
import java.util.UUID;

/** {@code /api/v1/email-templates}: templates, their versions, rollback and preview. Carries the email feature's OpenAPI fragment. */
public final class EmailTemplateEndpoint implements Endpoint {

    private static final int MAX_SUBJECT = 500;
    private static final int MAX_HTML = 200_000;

    private final EmailTemplateService templates;
    private final ApiRoutes routes;

    public EmailTemplateEndpoint(EmailTemplateService templates, ApiRoutes routes) {
        this.templates = templates;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/email-templates", this::list);
        routes.post(router, "/api/v1/email-templates", this::create);
        routes.get(router, "/api/v1/email-templates/:id", this::get);
        routes.patch(router, "/api/v1/email-templates/:id", this::update);
        routes.delete(router, "/api/v1/email-templates/:id", this::delete);
        routes.get(router, "/api/v1/email-templates/:id/versions", this::versions);
        routes.post(router, "/api/v1/email-templates/:id/rollback", this::rollback);
        routes.post(router, "/api/v1/email-templates/:id/preview", this::preview);
    }

    @Override
    public String openApiFragment() {
        return "openapi/email.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, templates.list(Principal.of(ctx), page), page, EmailTemplate::toJson, EmailTemplate::id);
    }

    private void create(RoutingContext ctx) {
        EmailTemplateService.TemplateContent content = content(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, templates.create(Principal.of(ctx), content), EmailTemplate::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, templates.get(Principal.of(ctx), templateId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = templateId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        EmailTemplateService.TemplateContent content = patch(body);
        reply(ctx, templates.update(Principal.of(ctx), id, content, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, templates.delete(Principal.of(ctx), templateId(ctx)));
    }

    private void versions(RoutingContext ctx) {
        Responses.then(ctx, templates.versions(Principal.of(ctx), templateId(ctx)), list -> {
            JsonArray items = new JsonArray();
            list.forEach(v -> items.add(v.toJson()));
            Responses.page(ctx, items, null);
        });
    }

    private void rollback(RoutingContext ctx) {
        UUID id = templateId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Object version = body.getValue("version");
        if (!(version instanceof Integer v) || v < 1) {
            throw ApiException.invalid("version", "must be a version number (1 or more)");
        }
        reply(ctx, templates.rollback(Principal.of(ctx), id, v));
    }

    private void preview(RoutingContext ctx) {
        UUID id = templateId(ctx);
        JsonObject data = EmailEndpoint.data(Requests.optionalJsonBody(ctx));
        Responses.reply(ctx, templates.preview(Principal.of(ctx), id, data),
                r -> new JsonObject().put("subject", r.subject()).put("html", r.html()));
    }

    private static EmailTemplateService.TemplateContent content(JsonObject body) {
        Validator v = new Validator(body);
        String name = v.requiredString("name", 200);
        String subject = v.requiredString("subject", MAX_SUBJECT);
        String html = v.requiredString("html", MAX_HTML);
        v.check();
        return new EmailTemplateService.TemplateContent(name, subject, html);
    }

    /** A partial update: the fields present (name, subject, html), each checked; null for those left out. */
    private static EmailTemplateService.TemplateContent patch(JsonObject body) {
        Validator v = new Validator(body);
        String name = body.containsKey("name") ? v.requiredString("name", 200) : null;
        String subject = body.containsKey("subject") ? v.requiredString("subject", MAX_SUBJECT) : null;
        String html = body.containsKey("html") ? v.requiredString("html", MAX_HTML) : null;
        if (!body.containsKey("name") && !body.containsKey("subject") && !body.containsKey("html")) {
            v.fail("body", "names no field to change (name, subject, html)");
        }
        v.check();
        return new EmailTemplateService.TemplateContent(name, subject, html);
    }

    private static UUID templateId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "email template");
    }

    private static void reply(RoutingContext ctx, Future<EmailTemplate> template) {
        Responses.replyVersioned(ctx, template, t -> t.toJson(), t -> t.version());
    }
}
