package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PATCH changes only the fields a request names, on every resource; {@code version} / {@code If-Match} is optional
 * (without it the last write wins) and enforced when sent.
 */
class PartialUpdateTest {

    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Partial Updates");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWorkflowKeepsWhatAPatchLeavesOut() {
        JsonObject definition = new JsonObject().put("trigger", new JsonObject().put("type", "case.created"))
                .put("conditions", new JsonArray()).put("actions", new JsonArray().add(new JsonObject().put("type", "add_note")
                        .put("body", "Welcome")));
        JsonObject created = created("/api/v1/workflows", new JsonObject().put("name", "Greeter").put("description", "says hi")
                .put("definition", definition));
        String path = "/api/v1/workflows/" + created.getString("id");

        JsonObject renamed = ok(server.http.patch(path, new JsonObject().put("name", "Welcomer"), admin.accessToken()));
        assertEquals("Welcomer", renamed.getString("name"));
        assertEquals("says hi", renamed.getString("description"));
        assertEquals(created.getJsonObject("definition"), renamed.getJsonObject("definition"));
        assertEquals(created.getInteger("version") + 1, renamed.getInteger("version"));

        JsonObject cleared = ok(server.http.patch(path, new JsonObject().putNull("description"), admin.accessToken()));
        assertEquals("Welcomer", cleared.getString("name"));
        assertTrue(cleared.getValue("description") == null, "null clears a field");

        assertStale(path, new JsonObject().put("name", "Stale").put("version", created.getInteger("version")));
        assertEquals(400, server.http.patch(path, new JsonObject(), admin.accessToken()).status(), "a patch that names nothing");
    }

    @Test
    void anEmailTemplateKeepsWhatAPatchLeavesOutAndTheResultMustCompile() {
        JsonObject created = created("/api/v1/email-templates", new JsonObject().put("name", "Receipt").put("subject", "Your receipt")
                .put("html", "<p>Thanks {{name}}</p>"));
        String path = "/api/v1/email-templates/" + created.getString("id");

        JsonObject patched = ok(server.http.patch(path, new JsonObject().put("subject", "Receipt for {{name}}"), admin.accessToken()));
        assertEquals("Receipt", patched.getString("name"));
        assertEquals("Receipt for {{name}}", patched.getString("subject"));
        assertEquals("<p>Thanks {{name}}</p>", patched.getString("html"));
        assertEquals(2, patched.getInteger("version"));

        assertEquals(400, server.http.patch(path, new JsonObject().put("html", "{{#items}}never closed"), admin.accessToken()).status());
        assertStale(path, new JsonObject().put("name", "Stale").put("version", 1));
    }

    @Test
    void aWebhookEndpointKeepsWhatAPatchLeavesOutAndStaysDisabledUntilEnabled() {
        JsonObject created = created("/api/v1/webhook-endpoints", new JsonObject().put("url", "http://127.0.0.1:9/hooks")
                .put("eventTypes", new JsonArray().add("case.created")).put("enabled", false));
        String path = "/api/v1/webhook-endpoints/" + created.getString("id");

        JsonObject described = ok(server.http.patch(path, new JsonObject().put("description", "CRM sync"), admin.accessToken()));
        assertEquals("CRM sync", described.getString("description"));
        assertEquals("http://127.0.0.1:9/hooks", described.getString("url"));
        assertEquals(List.of("case.created"), described.getJsonArray("eventTypes").getList());
        assertFalse(described.getBoolean("enabled"), "a patch that does not name enabled leaves it disabled");

        assertTrue(ok(server.http.patch(path, new JsonObject().put("enabled", true), admin.accessToken())).getBoolean("enabled"));
        Response invalid = server.http.patch(path, new JsonObject().put("url", "ftp://x").put("eventTypes", new JsonArray()),
                admin.accessToken());
        assertEquals(400, invalid.status(), invalid::toString);
        assertEquals(List.of("eventTypes", "url"), invalid.json().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("field")).sorted().toList(), "every invalid field at once");
        assertStale(path, new JsonObject().put("description", "Stale").put("version", 1));
    }

    @Test
    void aPipelineKeepsItsStagesWhenOnlyRenamedAndChangesStagesWithTheirTransitions() {
        JsonArray stages = new JsonArray().add(new JsonObject().put("key", "open").put("name", "Open"))
                .add(new JsonObject().put("key", "done").put("name", "Done").put("terminal", true));
        JsonObject created = created("/api/v1/pipelines", new JsonObject().put("name", "Repairs").put("stages", stages));
        String path = "/api/v1/pipelines/" + created.getString("id");

        JsonObject renamed = ok(server.http.patch(path, new JsonObject().put("name", "Repairs EU"), admin.accessToken()));
        assertEquals("Repairs EU", renamed.getString("name"));
        assertEquals(created.getJsonArray("stages"), renamed.getJsonArray("stages"));
        Response alone = server.http.patch(path, new JsonObject().put("transitions", new JsonArray()), admin.accessToken());
        assertEquals(400, alone.status(), alone::toString);
        JsonArray withParked = new JsonArray().add(stages.getJsonObject(0)).add(new JsonObject().put("key", "parked").put("name", "Parked"))
                .add(stages.getJsonObject(1));
        JsonObject restaged = ok(server.http.patch(path, new JsonObject().put("stages", withParked), admin.accessToken()));
        assertEquals("Repairs EU", restaged.getString("name"));
        assertEquals(3, restaged.getJsonArray("stages").size());
        assertStale(path, new JsonObject().put("name", "Stale").put("version", 1));
    }

    @Test
    void aNullClearsAFieldThatMayBeEmptyAndIsRefusedForOneThatMayNot() {
        String contact = server.createContact(admin);
        JsonObject task = created("/api/v1/tasks", new JsonObject().put("title", "Due soon").put("contactId", contact)
                .put("dueAt", "2031-01-01T09:00:00Z").put("priority", "high"));
        String path = "/api/v1/tasks/" + task.getString("id");

        for (JsonObject clearing : List.of(new JsonObject().putNull("title"), new JsonObject().putNull("priority"),
                new JsonObject().put("title", "Kept").putNull("status"))) {
            Response refused = server.http.patch(path, clearing, admin.accessToken());
            assertEquals(400, refused.status(), refused::toString);
            String field = clearing.fieldNames().stream().filter(name -> clearing.getValue(name) == null).findFirst().orElseThrow();
            assertEquals(new JsonObject().put("field", field).put("message", "cannot be cleared: it must have a value"),
                    refused.json().getJsonArray("errors").getJsonObject(0), refused::toString);
        }
        JsonObject unchanged = ok(server.http.get(path, admin.accessToken()));
        assertEquals("Due soon", unchanged.getString("title"), "a refused patch changes nothing");
        assertEquals("high", unchanged.getString("priority"));

        JsonObject cleared = ok(server.http.patch(path, new JsonObject().putNull("dueAt"), admin.accessToken()));
        assertEquals(null, cleared.getString("dueAt"), "a field that may be empty is cleared by null");
        assertEquals(true, cleared.containsKey("dueAt"));

        Response organization = server.http.patch("/api/v1/organization", new JsonObject().putNull("name"), admin.accessToken());
        assertEquals(400, organization.status(), organization::toString);
    }

    @Test
    void recordsAcceptAPatchWithoutAVersionAndEnforceOneWhenSent() {
        String contact = server.createContact(admin);
        JsonObject task = created("/api/v1/tasks", new JsonObject().put("title", "Call back").put("contactId", contact));
        String note = created("/api/v1/notes", new JsonObject().put("entityType", "contact").put("entityId", contact)
                .put("body", "<p>hi</p>")).getString("id");
        String conversation = created("/api/v1/conversations", new JsonObject().put("channel", "web_chat")).getString("id");
        String team = created("/api/v1/teams", new JsonObject().put("name", "Partial team")).getString("id");

        assertEquals("Call back today", ok(server.http.patch("/api/v1/tasks/" + task.getString("id"),
                new JsonObject().put("title", "Call back today"), admin.accessToken())).getString("title"));
        assertTrue(ok(server.http.patch("/api/v1/notes/" + note, new JsonObject().put("pinned", true), admin.accessToken()))
                .getBoolean("pinned"));
        assertEquals("high", ok(server.http.patch("/api/v1/conversations/" + conversation, new JsonObject().put("priority", "high"),
                admin.accessToken())).getString("priority"));
        assertEquals("Partial squad", ok(server.http.patch("/api/v1/teams/" + team, new JsonObject().put("name", "Partial squad"),
                admin.accessToken())).getString("name"));

        JsonObject described = ok(server.http.patch("/api/v1/teams/" + team, new JsonObject().put("description", "Night shift"),
                admin.accessToken()));
        assertEquals("Partial squad", described.getString("name"), "a team keeps the name a patch leaves out");
        String queue = created("/api/v1/queues", new JsonObject().put("name", "Inbound").put("description", "new leads")
                .put("teamId", team)).getString("id");
        JsonObject renamedQueue = ok(server.http.patch("/api/v1/queues/" + queue, new JsonObject().put("name", "Inbound leads"),
                admin.accessToken()));
        assertEquals("new leads", renamedQueue.getString("description"));
        assertEquals(team, renamedQueue.getString("teamId"));

        assertStale("/api/v1/tasks/" + task.getString("id"), new JsonObject().put("title", "Stale").put("version", 1));
        assertStale("/api/v1/queues/" + queue, new JsonObject().put("name", "Stale").put("version", 1));
        assertStale("/api/v1/conversations/" + conversation, new JsonObject().put("priority", "low").put("version", 1));
        assertStale("/api/v1/notes/" + note, new JsonObject().put("pinned", false).put("version", 1));
    }

    /** A stale body version answers 409 and a stale If-Match 412, and neither changes anything. */
    private static void assertStale(String path, JsonObject body) {
        JsonObject before = server.http.get(path, admin.accessToken()).json();
        Response stale = server.http.patch(path, body, admin.accessToken());
        assertEquals(409, stale.status(), stale::toString);
        JsonObject unversioned = body.copy();
        unversioned.remove("version");
        Response staleIfMatch = server.http.send(HttpMethod.PATCH, path, admin.accessToken(), unversioned.toBuffer(),
                Map.of("If-Match", "\"" + body.getInteger("version") + "\""));
        assertEquals(412, staleIfMatch.status(), staleIfMatch::toString);
        assertEquals(before, server.http.get(path, admin.accessToken()).json());
    }

    private static JsonObject created(String path, JsonObject body) {
        Response r = server.http.post(path, body, admin.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private static JsonObject ok(Response r) {
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }
}
