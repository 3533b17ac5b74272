package dev.switchboard.auth;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/invites}: create, list and revoke invites; accept one with its token. */
public final class InviteEndpoint implements Endpoint {

    private final InviteService invites;
    private final ApiRoutes routes;
    private final boolean trustForwardedFor;

    public InviteEndpoint(InviteService invites, ApiRoutes routes, boolean trustForwardedFor) {
        this.invites = invites;
        this.routes = routes;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/api/v1/invites/accept").handler(this::accept);
        routes.post(router, "/api/v1/invites", this::create);
        routes.get(router, "/api/v1/invites", this::list);
        routes.delete(router, "/api/v1/invites/:id", this::revoke);
        routes.post(router, "/api/v1/invites/:id/resend", this::resend);
    }

    @Override
    public String openApiFragment() {
        return "openapi/invites.json";
    }

    private void create(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String email = v.email("email");
        String role = v.oneOf("role", Role.NAMES);
        String contact = v.optionalString("contactId", 36);
        UUID contactId = contact == null ? null : Ids.parse(contact);
        if (contact != null && contactId == null) {
            v.fail("contactId", "must be a UUID");
        }
        v.check();
        Responses.replyCreated(ctx, invites.create(Principal.of(ctx), email, Role.fromWire(role), contactId), json -> json);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.then(ctx, invites.list(Principal.of(ctx), page), list -> {
            String next = list.size() == page.limit()
                    ? Pages.cursor(UUID.fromString(list.get(list.size() - 1).getString("id"))) : null;
            Responses.page(ctx, new JsonArray(list), next);
        });
    }

    private void revoke(RoutingContext ctx) {
        Responses.replyNoContent(ctx, invites.revoke(Principal.of(ctx), Requests.pathId(ctx, "id", "pending invite")));
    }

    private void resend(RoutingContext ctx) {
        Responses.reply(ctx, invites.resend(Principal.of(ctx), Requests.pathId(ctx, "id", "invite")), json -> json);
    }

    private void accept(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String token = v.requiredString("token", 200);
        String fullName = v.requiredString("fullName", 200);
        String password = v.password("password");
        v.check();
        Responses.replyCreated(ctx, invites.accept(token, fullName, password, Requests.meta(ctx, trustForwardedFor)), Session::toJson);
    }
}
