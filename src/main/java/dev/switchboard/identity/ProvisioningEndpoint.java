package dev.switchboard.identity;

import dev.switchboard.identity.ScimTokenStore.ScimToken;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/scim-tokens} and {@code /api/v1/group-mappings}: how an admin connects the organization's identity provider. */
public final class ProvisioningEndpoint implements Endpoint {

    private static final Set<String> ROLES = Set.of(Role.ADMIN.wire(), Role.MANAGER.wire(), Role.AGENT.wire(), Role.VIEWER.wire());
    private static final int MAX_TEAMS = 50;

    private final ScimTokens tokens;
    private final GroupMappings mappings;
    private final ApiRoutes routes;

    ProvisioningEndpoint(ScimTokens tokens, GroupMappings mappings, ApiRoutes routes) {
        this.tokens = tokens;
        this.mappings = mappings;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/scim-tokens", this::listTokens);
        routes.post(router, "/api/v1/scim-tokens", this::createToken);
        routes.get(router, "/api/v1/scim-tokens/:id", this::getToken);
        routes.delete(router, "/api/v1/scim-tokens/:id", this::revokeToken);
        routes.post(router, "/api/v1/scim-tokens/:id/rotate", this::rotateToken);
        routes.get(router, "/api/v1/group-mappings", this::listMappings);
        routes.post(router, "/api/v1/group-mappings", this::createMapping);
        routes.get(router, "/api/v1/group-mappings/:id", this::getMapping);
        routes.put(router, "/api/v1/group-mappings/:id", this::updateMapping);
        routes.delete(router, "/api/v1/group-mappings/:id", this::deleteMapping);
    }

    @Override
    public String openApiFragment() {
        return "openapi/provisioning.json";
    }

    private void listTokens(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, tokens.list(Principal.of(ctx), page), page, ScimToken::toJson, ScimToken::id);
    }

    private void createToken(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String name = v.requiredString("name", 200);
        v.check();
        Responses.replyCreated(ctx, tokens.create(Principal.of(ctx), name), json -> json);
    }

    private void getToken(RoutingContext ctx) {
        Responses.reply(ctx, tokens.get(Principal.of(ctx), id(ctx, "SCIM token")), ScimToken::toJson);
    }

    private void revokeToken(RoutingContext ctx) {
        Responses.replyNoContent(ctx, tokens.revoke(Principal.of(ctx), id(ctx, "SCIM token")));
    }

    private void rotateToken(RoutingContext ctx) {
        Responses.replyCreated(ctx, tokens.rotate(Principal.of(ctx), id(ctx, "SCIM token")), json -> json);
    }

    private void listMappings(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, mappings.list(Principal.of(ctx), page), page, GroupMapping::toJson, GroupMapping::id);
    }

    private void createMapping(RoutingContext ctx) {
        GroupMappings.Wanted wanted = wanted(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, mappings.create(Principal.of(ctx), wanted), GroupMapping::toJson);
    }

    private void getMapping(RoutingContext ctx) {
        Responses.replyVersioned(ctx, mappings.get(Principal.of(ctx), id(ctx, "group mapping")), GroupMapping::toJson, GroupMapping::version);
    }

    private void updateMapping(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        UUID id = id(ctx, "group mapping");
        GroupMappings.Wanted wanted = wanted(body);
        Responses.replyVersioned(ctx, mappings.update(Principal.of(ctx), id, wanted, ExpectedVersion.of(ctx, body)),
                GroupMapping::toJson, GroupMapping::version);
    }

    private void deleteMapping(RoutingContext ctx) {
        Responses.replyNoContent(ctx, mappings.delete(Principal.of(ctx), id(ctx, "group mapping")));
    }

    private static GroupMappings.Wanted wanted(JsonObject body) {
        Validator v = new Validator(body);
        String name = v.requiredString("groupName", 256);
        String role = body.getValue("role") == null ? null : v.oneOf("role", ROLES);
        List<UUID> teams = new ArrayList<>();
        Object given = body.getValue("teamIds");
        if (given != null) {
            if (!(given instanceof JsonArray array) || array.size() > MAX_TEAMS) {
                v.fail("teamIds", "must be a list of at most " + MAX_TEAMS + " team ids");
            } else {
                for (int i = 0; i < array.size(); i++) {
                    UUID team = array.getValue(i) instanceof String s ? Ids.parse(s) : null;
                    if (team == null) {
                        v.fail("teamIds", "item " + i + " must be a team id");
                    } else if (!teams.contains(team)) {
                        teams.add(team);
                    }
                }
            }
        }
        v.check();
        return new GroupMappings.Wanted(name, role == null ? null : Role.fromWire(role), List.copyOf(teams));
    }

    private static UUID id(RoutingContext ctx, String what) {
        return Requests.pathId(ctx, "id", what);
    }
}
