package dev.switchboard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Checks SCIM answers against RFC 7643/7644: list responses and error bodies by their message schemas, resources by the
 * schema the service publishes for them (every attribute declared, of its declared type and plurality, required ones
 * present) plus the common attributes every resource has (id, meta with resourceType, created, lastModified, location,
 * version).
 */
final class ScimSchemas {

    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Set<String> COMMON = Set.of("schemas", "id", "externalId", "meta");

    private ScimSchemas() {
    }

    static void assertValid(JsonObject schemas, JsonObject body, int status) {
        JsonArray declared = body.getJsonArray("schemas");
        assertNotNull(declared, () -> "no schemas in " + body);
        if (declared.contains(ERROR)) {
            assertTrue(status >= 400, "an error body with status " + status);
            assertEquals(Integer.toString(status), body.getString("status"), "status of " + body);
            return;
        }
        if (declared.contains(LIST)) {
            assertTrue(body.getValue("totalResults") instanceof Integer, () -> "totalResults of " + body);
            JsonArray resources = body.getJsonArray("Resources");
            assertNotNull(resources, () -> "Resources of " + body);
            assertEquals(body.getInteger("itemsPerPage"), resources.size());
            resources.forEach(r -> assertResource(schemas, (JsonObject) r));
            return;
        }
        assertResource(schemas, body);
    }

    private static void assertResource(JsonObject schemas, JsonObject resource) {
        String urn = resource.getJsonArray("schemas").getString(0);
        JsonObject schema = schemas.getJsonObject(urn);
        if (schema == null) {
            return; // ServiceProviderConfig, ResourceType and Schema resources are described by the RFC, not the service
        }
        assertTrue(resource.getValue("id") instanceof String, () -> "id of " + resource);
        JsonObject meta = resource.getJsonObject("meta");
        for (String field : new String[] {"resourceType", "created", "lastModified", "location", "version"}) {
            assertTrue(meta != null && meta.getValue(field) instanceof String, () -> "meta." + field + " of " + resource);
        }
        assertTrue(meta.getString("version").startsWith("W/\""), () -> "meta.version is a weak ETag: " + meta);
        JsonObject attributes = byName(schema.getJsonArray("attributes"));
        for (String field : resource.fieldNames()) {
            if (COMMON.contains(field)) {
                continue;
            }
            JsonObject attribute = attributes.getJsonObject(field);
            if (attribute == null) {
                fail(field + " is not an attribute of " + urn + ": " + resource);
            }
            assertValue(attribute, resource.getValue(field), field);
        }
        attributes.forEach(e -> {
            JsonObject attribute = (JsonObject) e.getValue();
            if (attribute.getBoolean("required") && !attribute.getString("mutability").equals("writeOnly")) {
                assertNotNull(resource.getValue(e.getKey()), () -> "required " + e.getKey() + " missing from " + resource);
            }
        });
    }

    private static void assertValue(JsonObject attribute, Object value, String path) {
        if (attribute.getBoolean("multiValued")) {
            assertTrue(value instanceof JsonArray, () -> path + " must be a list: " + value);
            for (Object item : (JsonArray) value) {
                assertSingle(attribute, item, path);
            }
        } else {
            assertSingle(attribute, value, path);
        }
    }

    private static void assertSingle(JsonObject attribute, Object value, String path) {
        switch (attribute.getString("type")) {
            case "string", "reference", "dateTime", "binary" -> assertTrue(value instanceof String, () -> path + " must be a string: " + value);
            case "boolean" -> assertTrue(value instanceof Boolean, () -> path + " must be a boolean: " + value);
            case "integer" -> assertTrue(value instanceof Integer || value instanceof Long, () -> path + " must be an integer: " + value);
            case "complex" -> {
                assertTrue(value instanceof JsonObject, () -> path + " must be an object: " + value);
                JsonObject subs = byName(attribute.getJsonArray("subAttributes"));
                for (String field : ((JsonObject) value).fieldNames()) {
                    JsonObject sub = subs.getJsonObject(field);
                    if (sub == null) {
                        fail(path + "." + field + " is not declared: " + value);
                    }
                    assertSingle(sub, ((JsonObject) value).getValue(field), path + "." + field);
                }
            }
            default -> fail("unknown type " + attribute.getString("type") + " of " + path);
        }
    }

    private static JsonObject byName(JsonArray attributes) {
        JsonObject out = new JsonObject();
        attributes.forEach(a -> out.put(((JsonObject) a).getString("name"), a));
        return out;
    }
}
