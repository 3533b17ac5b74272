package dev.switchboard.auth;

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
import io.vertx.core.json.JsonArray;
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
    private final Authenticator authenticator;

    public UserEndpoint(UserService users, Authenticator authenticator) {
        this.users = users;
        this.authenticator = authenticator;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/api/v1/users").handler(authenticator).handler(this::list);
        router.get("/api/v1/users/:id").handler(authenticator).handler(this::get);
        router.put("/api/v1/users/:id/role").handler(authenticator).handler(this::changeRole);
        router.get("/api/v1/users/:id/permissions").handler(authenticator).handler(this::permissions);
        router.put("/api/v1/users/:id/permissions").handler(authenticator).handler(this::setPermissions);
        router.post("/api/v1/users/:id/deactivate").handler(authenticator).handler(this::deactivate);
        router.post("/api/v1/users/:id/reactivate").handler(authenticator).handler(this::reactivate);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        users.list(Principal.of(ctx), page).onSuccess(list -> {
            JsonArray items = new JsonArray();
            list.forEach(u -> items.add(u.toJson()));
            String next = list.size() == page.limit() ? Pages.cursor(list.get(list.size() - 1).id()) : null;
            Responses.page(ctx, items, next);
        }).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, users.get(Principal.of(ctx), userId(ctx)));
    }

    private void changeRole(RoutingContext ctx) {
        UUID id = userId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String role = v.oneOf("role", Role.NAMES);
        Integer version = body.getValue("version") instanceof Integer i ? i : null;
        v.check();
        reply(ctx, users.changeRole(Principal.of(ctx), id, Role.fromWire(role), version));
    }

    private void permissions(RoutingContext ctx) {
        users.permissions(Principal.of(ctx), userId(ctx)).onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
    }

    private void setPermissions(RoutingContext ctx) {
        UUID id = userId(ctx);
        Validator v = new Validator(Requests.jsonBody(ctx));
        List<String> grants = v.stringList("grants", Permission.ALL);
        List<String> revocations = v.stringList("revocations", Permission.ALL);
        Set<String> both = new HashSet<>(grants);
        both.retainAll(revocations);
        if (!both.isEmpty()) {
            v.fail("revocations", "a permission cannot be both granted and revoked: " + both);
        }
        v.check();
        users.setPermissions(Principal.of(ctx), id, Set.copyOf(grants), Set.copyOf(revocations))
                .onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
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
        user.onSuccess(u -> Responses.ok(ctx, u.toJson())).onFailure(ctx::fail);
    }
}
