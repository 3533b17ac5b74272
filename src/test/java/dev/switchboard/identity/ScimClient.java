package dev.switchboard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Talks SCIM to the test server with an organization's SCIM token, and checks every answer against the SCIM schemas. */
final class ScimClient {

    private final TestServer server;
    final String token;
    private final JsonObject schemasByUrn = new JsonObject();

    ScimClient(TestServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** A new SCIM token of {@code admin}'s organization. */
    static ScimClient of(TestServer server, Account admin) {
        Http.Response created = server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Identity provider"),
                admin.accessToken());
        assertEquals(201, created.status(), created::toString);
        return new ScimClient(server, created.json().getString("token"));
    }

    Http.Response send(HttpMethod method, String path, JsonObject body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        if (body != null) {
            all.put("Content-Type", "application/scim+json");
        }
        Http.Response r = server.http.send(method, "/scim/v2" + path, token, body == null ? null : body.toBuffer(), all);
        if (r.body().length() > 0) {
            assertTrue(r.contentType().startsWith("application/scim+json"), () -> "content type of " + r);
            ScimSchemas.assertValid(schemas(), r.json(), r.status());
        }
        return r;
    }

    Http.Response get(String path) {
        return send(HttpMethod.GET, path, null, Map.of());
    }

    Http.Response post(String path, JsonObject body) {
        return send(HttpMethod.POST, path, body, Map.of());
    }

    Http.Response put(String path, JsonObject body) {
        return send(HttpMethod.PUT, path, body, Map.of());
    }

    Http.Response patch(String path, JsonArray operations) {
        return send(HttpMethod.PATCH, path, new JsonObject().put("schemas", new JsonArray().add("urn:ietf:params:scim:api:messages:2.0:PatchOp"))
                .put("Operations", operations), Map.of());
    }

    Http.Response delete(String path) {
        return send(HttpMethod.DELETE, path, null, Map.of());
    }

    /** The schemas the service publishes, fetched once. */
    private JsonObject schemas() {
        if (schemasByUrn.isEmpty()) {
            Http.Response r = server.http.send(HttpMethod.GET, "/scim/v2/Schemas", token, null, Map.of());
            assertEquals(200, r.status(), r::toString);
            r.json().getJsonArray("Resources").forEach(s -> schemasByUrn.put(((JsonObject) s).getString("id"), s));
        }
        return schemasByUrn;
    }

    static JsonObject op(String op, String path, Object value) {
        JsonObject o = new JsonObject().put("op", op);
        if (path != null) {
            o.put("path", path);
        }
        if (value != null) {
            o.put("value", value);
        }
        return o;
    }

    static JsonArray member(String userId) {
        return new JsonArray().add(new JsonObject().put("value", userId));
    }
}
