package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code /api/v1/webhook-inbox}: the organization's received webhook events, and replaying one. */
public final class InboxRoutes implements Endpoint {

    private static final Set<String> STATUSES = Set.of("received", "processed", "dead");
    private static final Set<String> PROVIDERS = Set.of("tenant", "resend", "meta");

    private final InboxService inbox;
    private final ApiRoutes routes;

    public InboxRoutes(InboxService inbox, ApiRoutes routes) {
        this.inbox = inbox;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/webhook-inbox", this::list);
        routes.get(router, "/api/v1/webhook-inbox/:id", this::get);
        routes.post(router, "/api/v1/webhook-inbox/:id/replay", this::replay);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhook-inbox.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        String status = filter(ctx, "status", STATUSES);
        String provider = filter(ctx, "provider", PROVIDERS);
        Responses.replyPage(ctx, inbox.list(Principal.of(ctx), status, provider, page), page, InboxEvent::toJson, InboxEvent::id);
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, inbox.get(Principal.of(ctx), Requests.pathId(ctx, "id", "webhook event")), InboxEvent::toDetailJson);
    }

    private void replay(RoutingContext ctx) {
        Responses.reply(ctx, inbox.replay(Principal.of(ctx), Requests.pathId(ctx, "id", "webhook event")), InboxEvent::toJson);
    }

    private static String filter(RoutingContext ctx, String name, Set<String> allowed) {
        String value = ctx.queryParams().get(name);
        if (value != null && !allowed.contains(value)) {
            throw ApiException.invalid(name, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return value;
    }
}
