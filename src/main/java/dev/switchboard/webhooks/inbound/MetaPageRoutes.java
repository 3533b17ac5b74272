package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.function.Function;

/** {@code /api/v1/meta-pages}: the Facebook pages whose lead ads belong to the organization. */
public final class MetaPageRoutes implements Endpoint {

    private final MetaPageService pages;
    private final ApiRoutes routes;

    public MetaPageRoutes(MetaPageService pages, ApiRoutes routes) {
        this.pages = pages;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/meta-pages", this::list);
        routes.post(router, "/api/v1/meta-pages", this::add);
        routes.delete(router, "/api/v1/meta-pages/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/meta-pages.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, pages.list(Principal.of(ctx), page), page, Function.identity(), o -> UUID.fromString(o.getString("id")));
    }

    private void add(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String pageId = v.requiredString("pageId", 30);
        if (pageId != null && !pageId.matches("[0-9]{1,30}")) {
            v.fail("pageId", "must be a numeric Facebook page id");
        }
        v.check();
        Responses.replyCreated(ctx, pages.add(Principal.of(ctx), pageId), Function.identity());
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, pages.delete(Principal.of(ctx), Requests.pathId(ctx, "id", "Meta page")));
    }
}
