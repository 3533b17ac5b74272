package dev.switchboard.auth;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import dev.switchboard.tenancy.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/users}: the organization's users and their roles, permissions and status. */
public final class UserEndpoint implements Endpoint {

    private final UserService users;
    private final ApiRoutes routes;

    public UserEndpoint(UserService users, ApiRoutes routes) {
        this.users = users;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/users", this::list);
        routes.get(router, "/api/v1/users/:id", this::get);
        routes.put(router, "/api/v1/users/:id/role", this::changeRole);
        routes.get(router, "/api/v1/users/:id/permissions", this::permissions);
        routes.put(router, "/api/v1/users/:id/permissions", this::setPermissions);
        routes.post(router, "/api/v1/users/:id/deactivate", this::deactivate);
        routes.post(router, "/api/v1/users/:id/reactivate", this::reactivate);
    }

    @Override
    public String openApiFragment() {
        return "openapi/users.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, users.list(Principal.of(ctx), page), page, User::toJson, User::id);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, users.get(Principal.of(ctx), userId(ctx)));
    }

    private void changeRole(RoutingContext ctx) {
        UUID id = userId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String role = v.oneOf("role", Role.NAMES);
        Object sent = body.getValue("version");
        Integer version = sent instanceof Integer i ? i : null;
        if (sent != null && version == null) {
            v.fail("version", "must be an integer");
        }
        v.check();
        reply(ctx, users.changeRole(Principal.of(ctx), id, Role.fromWire(role), version));
    }

    private void permissions(RoutingContext ctx) {
        Responses.reply(ctx, users.permissions(Principal.of(ctx), userId(ctx)), json -> json);
    }

    private void setPermissions(RoutingContext ctx) {
        UUID id = userId(ctx);
        Validator v = new Validator(Requests.jsonBody(ctx));
        List<String> grants = v.stringList("grants", Permission.ALL);
        List<String> revocations = v.stringList("revocations", Permission.ALL);
        Set<String> both = new HashSet<>(grants);
        both.retainAll(revocations);
        if (!both.isEmpty()) {
            v.fail("revocations", "a permission cannot be both granted and revoked: " + String.join(", ", new java.util.TreeSet<>(both)));
        }
        v.check();
        Responses.reply(ctx, users.setPermissions(Principal.of(ctx), id, Set.copyOf(grants), Set.copyOf(revocations)), json -> json);
    }

    private void deactivate(RoutingContext ctx) {
        reply(ctx, users.deactivate(Principal.of(ctx), userId(ctx)));
    }

    private void reactivate(RoutingContext ctx) {
        reply(ctx, users.reactivate(Principal.of(ctx), userId(ctx)));
    }

    private static UUID userId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "user");
    }

    private static void reply(RoutingContext ctx, Future<User> user) {
        Responses.reply(ctx, user, User::toJson);
    }
}
