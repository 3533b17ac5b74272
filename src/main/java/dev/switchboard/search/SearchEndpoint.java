package dev.switchboard.search;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/** {@code /api/v1/search}: one search across contacts, cases, tasks, notes, appointments, conversations and messages. */
public final class SearchEndpoint implements Endpoint {

    private final SearchService search;
    private final ApiRoutes routes;

    public SearchEndpoint(SearchService search, ApiRoutes routes) {
        this.search = search;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/search", this::search);
    }

    @Override
    public String openApiFragment() {
        return "openapi/search.json";
    }

    @Override
    public Map<String, Function<String, String>> queryFormats() {
        return SearchRequest.FORMATS;
    }

    private void search(RoutingContext ctx) {
        SearchRequest request = SearchRequest.parse(ctx.queryParams(), search.types());
        Responses.then(ctx, search.search(Principal.of(ctx), request), page -> Responses.page(ctx, page.items(), page.nextCursor()));
    }
}
