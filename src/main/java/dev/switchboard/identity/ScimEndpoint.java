package dev.switchboard.identity;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code /scim/v2}: the SCIM 2.0 service provider (RFC 7644) an organization's identity provider pushes users and
 * groups to, authenticated by the organization's SCIM tokens. Answers are {@code application/scim+json}, errors SCIM
 * error bodies.
 */
public final class ScimEndpoint implements Endpoint {

    static final String BASE = "/scim/v2";
    private static final int MAX_RESULTS = 200;
    private static final Map<String, String> USER_FILTERS = Map.of("username", "name", "externalid", "externalId", "id", "id",
            "emails.value", "name");
    private static final Map<String, String> GROUP_FILTERS = Map.of("displayname", "name", "externalid", "externalId", "id", "id");

    private final ScimTokens tokens;
    private final ScimUsers users;
    private final ScimGroups groups;
    private final JsonArray schemas;
    private final boolean trustForwardedFor;

    ScimEndpoint(ScimTokens tokens, ScimUsers users, ScimGroups groups, JsonArray schemas, boolean trustForwardedFor) {
        this.tokens = tokens;
        this.users = users;
        this.groups = groups;
        this.schemas = schemas;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        // before routing reads path parameters: a query string that does not decode answers in SCIM's error body
        router.routeWithRegex("^" + java.util.regex.Pattern.quote(BASE + "/") + ".*").handler(ScimEndpoint::wellFormedQuery);
        route(router.get(BASE + "/ServiceProviderConfig"), ctx -> Scim.send(ctx, 200, ScimJson.serviceProviderConfig(base(ctx), MAX_RESULTS), null));
        route(router.get(BASE + "/ResourceTypes"), this::resourceTypes);
        route(router.get(BASE + "/Schemas"), this::schemas);
        route(router.get(BASE + "/Users"), this::listUsers);
        route(router.post(BASE + "/Users"), this::createUser);
        route(router.get(BASE + "/Users/:id"), this::getUser);
        route(router.put(BASE + "/Users/:id"), this::replaceUser);
        route(router.patch(BASE + "/Users/:id"), this::patchUser);
        route(router.delete(BASE + "/Users/:id"), this::deleteUser);
        route(router.get(BASE + "/Groups"), this::listGroups);
        route(router.post(BASE + "/Groups"), this::createGroup);
        route(router.get(BASE + "/Groups/:id"), this::getGroup);
        route(router.put(BASE + "/Groups/:id"), this::replaceGroup);
        route(router.patch(BASE + "/Groups/:id"), this::patchGroup);
        route(router.delete(BASE + "/Groups/:id"), this::deleteGroup);
    }

    @Override
    public String openApiFragment() {
        return "openapi/scim.json";
    }

    private void route(Route route, Handler<RoutingContext> handler) {
        route.handler(this::authenticate).handler(ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiException e) {
                ctx.fail(e);
            } catch (IllegalArgumentException e) {
                ctx.fail(Scim.badRequest("invalidSyntax", "the query string is not well-formed"));
            }
        }).failureHandler(Scim::handleFailure);
    }

    private static void wellFormedQuery(RoutingContext ctx) {
        try {
            ctx.queryParams();
        } catch (RuntimeException e) {
            Scim.error(ctx, Scim.badRequest("invalidSyntax", "the query string is not well-formed"));
            return;
        }
        ctx.next();
    }

    private void authenticate(RoutingContext ctx) {
        String token = Authenticator.bearerToken(ctx.request());
        if (token == null) {
            ctx.fail(ApiException.unauthorized("a SCIM bearer token is required"));
            return;
        }
        tokens.authenticate(token, Requests.meta(ctx, trustForwardedFor)).onSuccess(caller -> {
            caller.attachTo(ctx);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    private void listUsers(RoutingContext ctx) {
        ScimStore.Query query = query(ctx, USER_FILTERS);
        String base = base(ctx);
        answer(ctx, users.list(ScimCaller.of(ctx), query), page -> Scim.send(ctx, 200,
                ScimJson.list(page.items(), page.total(), query.startIndex(), f -> ScimJson.user(base, f.user(), f.groups())), null));
    }

    private void createUser(RoutingContext ctx) {
        ScimUser.Attributes wanted = ScimBodies.user(ScimBodies.json(ctx));
        answerUser(ctx, 201, users.create(ScimCaller.of(ctx), wanted));
    }

    private void getUser(RoutingContext ctx) {
        answerUser(ctx, 200, users.get(ScimCaller.of(ctx), id(ctx)));
    }

    private void replaceUser(RoutingContext ctx) {
        ScimUser.Attributes wanted = ScimBodies.user(ScimBodies.json(ctx));
        answerUser(ctx, 200, users.update(ScimCaller.of(ctx), id(ctx), Scim.ifMatch(ctx), before -> wanted));
    }

    private void patchUser(RoutingContext ctx) {
        // read once the user is found: an unknown id answers 404 whatever the operations say
        JsonObject body = ScimBodies.json(ctx);
        answerUser(ctx, 200, users.update(ScimCaller.of(ctx), id(ctx), Scim.ifMatch(ctx),
                before -> ScimPatch.applyToUser(ScimPatch.operations(body), before)));
    }

    private void deleteUser(RoutingContext ctx) {
        answer(ctx, users.update(ScimCaller.of(ctx), id(ctx), Scim.ifMatch(ctx), before -> new ScimUser.Attributes(before.email(),
                before.fullName(), before.givenName(), before.familyName(), before.externalId(), false)), f -> ctx.response().setStatusCode(204).end());
    }

    private void listGroups(RoutingContext ctx) {
        ScimStore.Query query = query(ctx, GROUP_FILTERS);
        boolean members = withMembers(ctx);
        String base = base(ctx);
        answer(ctx, groups.list(ScimCaller.of(ctx), query), page -> Scim.send(ctx, 200,
                ScimJson.list(page.items(), page.total(), query.startIndex(), g -> ScimJson.group(base, g, members)), null));
    }

    private void createGroup(RoutingContext ctx) {
        JsonObject body = ScimBodies.json(ctx);
        ScimPatch.GroupState wanted = group(body);
        answerGroup(ctx, 201, groups.create(ScimCaller.of(ctx), wanted));
    }

    private void getGroup(RoutingContext ctx) {
        answerGroup(ctx, 200, groups.get(ScimCaller.of(ctx), id(ctx)));
    }

    private void replaceGroup(RoutingContext ctx) {
        ScimPatch.GroupState wanted = group(ScimBodies.json(ctx));
        answerGroup(ctx, 200, groups.update(ScimCaller.of(ctx), id(ctx), Scim.ifMatch(ctx), before -> wanted));
    }

    private void patchGroup(RoutingContext ctx) {
        JsonObject body = ScimBodies.json(ctx);
        answerGroup(ctx, 200, groups.update(ScimCaller.of(ctx), id(ctx), Scim.ifMatch(ctx),
                before -> ScimPatch.applyToGroup(ScimPatch.operations(body), before)));
    }

    private void deleteGroup(RoutingContext ctx) {
        answer(ctx, groups.delete(ScimCaller.of(ctx), id(ctx)), v -> ctx.response().setStatusCode(204).end());
    }

    private void resourceTypes(RoutingContext ctx) {
        String base = base(ctx);
        List<JsonObject> types = List.of(userType(base), groupType(base));
        Scim.send(ctx, 200, ScimJson.list(types, types.size(), 1, t -> t), null);
    }

    private void schemas(RoutingContext ctx) {
        List<JsonObject> all = schemas.stream().map(s -> (JsonObject) s).toList();
        Scim.send(ctx, 200, ScimJson.list(all, all.size(), 1, JsonObject::copy), null);
    }

    private static JsonObject userType(String base) {
        return ScimJson.resourceType(base, "User", "/Users", Scim.USER);
    }

    private static JsonObject groupType(String base) {
        return ScimJson.resourceType(base, "Group", "/Groups", Scim.GROUP);
    }

    private static ScimPatch.GroupState group(JsonObject body) {
        String name = ScimBodies.displayName(body.getValue("displayName"));
        String externalId = ScimBodies.optionalText(body.getValue("externalId"), "externalId", 512);
        return new ScimPatch.GroupState(name, externalId, body.getValue("members") == null ? java.util.Set.of()
                : ScimPatch.memberIds(body.getValue("members")));
    }

    private void answerUser(RoutingContext ctx, int status, Future<ScimUsers.Found> result) {
        String base = base(ctx);
        answer(ctx, result, f -> Scim.send(ctx, status, ScimJson.user(base, f.user(), f.groups()), f.user().version()));
    }

    private void answerGroup(RoutingContext ctx, int status, Future<ScimGroup> result) {
        String base = base(ctx);
        boolean members = withMembers(ctx);
        answer(ctx, result, g -> Scim.send(ctx, status, ScimJson.group(base, g, members), g.version()));
    }

    private static <T> void answer(RoutingContext ctx, Future<T> result, Consumer<T> send) {
        result.onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                send.accept(done.result());
            }
        });
    }

    /** Entra ID asks for groups without their members ({@code excludedAttributes=members}). */
    private static boolean withMembers(RoutingContext ctx) {
        String excluded = ctx.queryParams().get("excludedAttributes");
        return excluded == null || java.util.Arrays.stream(excluded.split(",")).noneMatch(a -> a.trim().equalsIgnoreCase("members"));
    }

    private static ScimStore.Query query(RoutingContext ctx, Map<String, String> filters) {
        int start = Math.max(1, intParam(ctx, "startIndex", 1));
        int count = Math.min(MAX_RESULTS, Math.max(0, intParam(ctx, "count", 100)));
        return ScimFilter.query(ctx.queryParams().get("filter"), filters, start, count);
    }

    private static int intParam(RoutingContext ctx, String name, int absent) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Scim.badRequest("invalidValue", name + " must be an integer");
        }
    }

    /** 404 for an id that is not a UUID, like any id the organization does not have. */
    private static UUID id(RoutingContext ctx) {
        UUID id = Ids.parse(ctx.pathParam("id"));
        if (id == null) {
            throw Scim.notFound("resource " + ctx.pathParam("id"));
        }
        return id;
    }

    private static String base(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        return (ctx.request().isSSL() ? "https://" : "http://") + (host == null ? "localhost" : host) + BASE;
    }
}
