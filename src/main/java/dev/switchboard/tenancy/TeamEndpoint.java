package dev.switchboard.tenancy;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/teams}: teams and their members. */
public final class TeamEndpoint implements Endpoint {

    private final TeamService teams;
    private final ApiRoutes routes;

    public TeamEndpoint(TeamService teams, ApiRoutes routes) {
        this.teams = teams;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/teams", this::list);
        routes.post(router, "/api/v1/teams", this::create);
        routes.get(router, "/api/v1/teams/:id", this::get);
        routes.patch(router, "/api/v1/teams/:id", this::update);
        routes.delete(router, "/api/v1/teams/:id", this::delete);
        routes.get(router, "/api/v1/teams/:id/members", this::members);
        routes.put(router, "/api/v1/teams/:id/members/:userId", this::addMember);
        routes.delete(router, "/api/v1/teams/:id/members/:userId", this::removeMember);
    }

    @Override
    public String openApiFragment() {
        return "openapi/teams.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, teams.list(Principal.of(ctx), page), page, Team::toJson, Team::id);
    }

    private void create(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String name = v.requiredString("name", 100);
        String description = v.optionalString("description", 1000);
        v.check();
        Responses.replyCreated(ctx, teams.create(Principal.of(ctx), name, description), Team::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, teams.get(Principal.of(ctx), teamId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = teamId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        // a partial update: a field left out keeps its value
        String name = body.containsKey("name") ? v.requiredString("name", 100) : null;
        String description = v.optionalString("description", 1000);
        if (!body.containsKey("name") && !body.containsKey("description")) {
            v.fail("body", "names no field to change (name, description)");
        }
        v.check();
        reply(ctx, teams.update(Principal.of(ctx), id, name, body.containsKey("description"), description, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, teams.delete(Principal.of(ctx), teamId(ctx)));
    }

    private void members(RoutingContext ctx) {
        teams.members(Principal.of(ctx), teamId(ctx))
                .onSuccess(items -> Responses.page(ctx, items, null)).onFailure(ctx::fail);
    }

    private void addMember(RoutingContext ctx) {
        UUID id = teamId(ctx);
        UUID userId = Requests.pathId(ctx, "userId", "user");
        Responses.replyNoContent(ctx, teams.addMember(Principal.of(ctx), id, userId));
    }

    private void removeMember(RoutingContext ctx) {
        UUID id = teamId(ctx);
        UUID userId = Requests.pathId(ctx, "userId", "team member");
        Responses.replyNoContent(ctx, teams.removeMember(Principal.of(ctx), id, userId));
    }

    private static UUID teamId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "team");
    }

    private static void reply(RoutingContext ctx, Future<Team> team) {
        Responses.replyVersioned(ctx, team, t -> t.toJson(), t -> t.version());
    }
}
