package dev.switchboard.identity;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** SCIM resources as JSON (RFC 7643): users, groups, list responses and the service's own description. */
final class ScimJson {

    private ScimJson() {
    }

    static JsonObject user(String base, ScimUser u, Map<UUID, String> groups) {
        JsonObject name = new JsonObject().put("formatted", u.fullName());
        if (u.givenName() != null) {
            name.put("givenName", u.givenName());
        }
        if (u.familyName() != null) {
            name.put("familyName", u.familyName());
        }
        JsonArray groupList = new JsonArray();
        groups.forEach((id, display) -> groupList.add(new JsonObject().put("value", id.toString())
                .put("$ref", base + "/Groups/" + id).put("display", display)));
        JsonObject json = new JsonObject()
                .put("schemas", new JsonArray().add(Scim.USER))
                .put("id", u.id().toString());
        if (u.externalId() != null) {
            json.put("externalId", u.externalId());
        }
        return json.put("userName", u.email())
                .put("name", name)
                .put("displayName", u.fullName())
                .put("emails", new JsonArray().add(new JsonObject().put("value", u.email()).put("type", "work").put("primary", true)))
                .put("active", u.active())
                .put("groups", groupList)
                .put("roles", new JsonArray().add(new JsonObject().put("value", u.role().wire()).put("primary", true)))
                .put("meta", meta("User", base + "/Users/" + u.id(), u.createdAt(), u.updatedAt(), u.version()));
    }

    static JsonObject group(String base, ScimGroup g, boolean withMembers) {
        JsonObject json = new JsonObject()
                .put("schemas", new JsonArray().add(Scim.GROUP))
                .put("id", g.id().toString())
                .put("displayName", g.displayName());
        if (g.externalId() != null) {
            json.put("externalId", g.externalId());
        }
        if (withMembers) {
            JsonArray members = new JsonArray();
            g.members().forEach(m -> members.add(new JsonObject().put("value", m.userId().toString())
                    .put("$ref", base + "/Users/" + m.userId()).put("display", m.display()).put("type", "User")));
            json.put("members", members);
        }
        return json.put("meta", meta("Group", base + "/Groups/" + g.id(), g.createdAt(), g.updatedAt(), g.version()));
    }

    static <T> JsonObject list(List<T> items, int total, int startIndex, Function<T, JsonObject> toJson) {
        JsonArray resources = new JsonArray();
        items.forEach(item -> resources.add(toJson.apply(item)));
        return new JsonObject()
                .put("schemas", new JsonArray().add(Scim.LIST))
                .put("totalResults", total)
                .put("startIndex", startIndex)
                .put("itemsPerPage", items.size())
                .put("Resources", resources);
    }

    private static JsonObject meta(String type, String location, OffsetDateTime created, OffsetDateTime modified, int version) {
        return new JsonObject().put("resourceType", type).put("created", Timestamps.format(created))
                .put("lastModified", Timestamps.format(modified)).put("location", location).put("version", Scim.etag(version));
    }

    static JsonObject serviceProviderConfig(String base, int maxResults) {
        return new JsonObject()
                .put("schemas", new JsonArray().add(Scim.SERVICE_PROVIDER_CONFIG))
                .put("documentationUri", "https://datatracker.ietf.org/doc/html/rfc7644")
                .put("patch", new JsonObject().put("supported", true))
                .put("bulk", new JsonObject().put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0))
                .put("filter", new JsonObject().put("supported", true).put("maxResults", maxResults))
                .put("changePassword", new JsonObject().put("supported", false))
                .put("sort", new JsonObject().put("supported", false))
                .put("etag", new JsonObject().put("supported", true))
                .put("authenticationSchemes", new JsonArray().add(new JsonObject()
                        .put("type", "oauthbearertoken")
                        .put("name", "OAuth Bearer Token")
                        .put("description", "A SCIM token an organization admin created: Authorization: Bearer scim_…")
                        .put("primary", true)))
                .put("meta", new JsonObject().put("resourceType", "ServiceProviderConfig").put("location", base + "/ServiceProviderConfig"));
    }

    static JsonObject resourceType(String base, String name, String endpoint, String schema) {
        return new JsonObject()
                .put("schemas", new JsonArray().add(Scim.RESOURCE_TYPE))
                .put("id", name)
                .put("name", name)
                .put("endpoint", endpoint)
                .put("description", name + "s of the organization")
                .put("schema", schema)
                .put("schemaExtensions", new JsonArray())
                .put("meta", new JsonObject().put("resourceType", "ResourceType").put("location", base + "/ResourceTypes/" + name));
    }
}
