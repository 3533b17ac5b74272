package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every id-taking operation of the served OpenAPI document as organization B, with the ids of
 * organization A's records and a request body that passes validation, and expects 404 every time;
 * then checks that nothing B could list (or read without an id: health, metrics, keys) mentions A.
 */
class CrossTenantWalkTest {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");
    /** The fixture key of organization A's SCIM token (the walks call SCIM routes with it). */
    static final String SCIM_TOKEN = "scimToken";

    private static TestServer server;
    private static Account a;
    private static Account b;
    private static String bScim;
    /** A's record ids by the path segment that names them ("users", "teams", ...). */
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        a = server.register("Walk Target");
        b = server.register("Walk Prober");
        bScim = server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Prober SCIM"), b.accessToken()).json().getString("token");
        Fixtures.create(server, a).forEach(ids::put);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyIdTakingOperationAnswers404ForAnotherOrganizationsIds() {
        JsonObject document = server.http.get("/api/v1/openapi.json", null).json();
        List<String> wrong = new ArrayList<>();
        int walked = 0;
        for (String template : document.getJsonObject("paths").fieldNames()) {
            if (!PARAM.matcher(template).find()) {
                continue;
            }
            JsonObject item = document.getJsonObject("paths").getJsonObject(template);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonObject operation = item.getJsonObject(method);
                if (operation == null || isPublic(operation)) {
                    continue;
                }
                String path = concrete(template, ids);
                Buffer body = body(document, operation);
                Response r = server.http.send(HttpMethod.valueOf(method.toUpperCase()), path, tokenOf(operation), body, Map.of());
                walked++;
                if (r.status() != 404) {
                    wrong.add(method.toUpperCase() + " " + template + " → " + r.status() + " " + r.body());
                }
            }
        }
        assertTrue(walked >= 10, "walked " + walked + " operations");
        assertEquals(List.of(), wrong, "operations that did not answer 404 for another organization's ids");
    }

    @Test
    void nothingOrganizationBCanListMentionsOrganizationA() {
        JsonObject document = server.http.get("/api/v1/openapi.json", null).json();
        int listed = 0;
        for (String template : document.getJsonObject("paths").fieldNames()) {
            JsonObject get = document.getJsonObject("paths").getJsonObject(template).getJsonObject("get");
            if (get == null || PARAM.matcher(template).find() || template.endsWith("/openapi.json")) {
                continue;
            }
            Response r = server.http.get(template, tokenOf(get));
            if (r.status() != 200) {
                continue;
            }
            listed++;
            String body = r.body().toString();
            assertFalse(body.contains(a.tenantId()), template + " leaks A's organization id");
            assertFalse(body.contains(a.userId()), template + " leaks A's admin");
            ids.forEach((kind, id) -> assertFalse(isId(id) && body.contains(id), template + " leaks A's " + kind + " " + id));
        }
        assertTrue(listed >= 5, "listed " + listed + " collections");
    }

    /**
     * An operation that needs no token ({@code security: []}) acts for no organization, so organization B's token says
     * nothing about it: a provider's webhook is admitted by the signature of the hook its URL names instead, and
     * TenantHookIngestionTest checks that one organization's hook answers 404 under another's slug.
     */
    private static boolean isPublic(JsonObject operation) {
        JsonArray security = operation.getJsonArray("security");
        return security != null && security.isEmpty();
    }

    /** B's token for the operation: its SCIM token where the operation takes one, else its admin's access token. */
    private static String tokenOf(JsonObject operation) {
        JsonArray security = operation.getJsonArray("security");
        boolean scim = security != null && security.stream().anyMatch(s -> s instanceof JsonObject o && o.containsKey("scim"));
        return scim ? bScim : b.accessToken();
    }

    /** Fixture values that are ids (not the timeline's record type, which any list may mention). */
    private static boolean isId(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code template} with each path parameter replaced by the fixture that names it. */
    static String concrete(String template, Map<String, String> ids) {
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
            String key = m.group(1).equals("id") ? segment : m.group(1);
            String id = ids.get(key);
            if (id == null) {
                throw new AssertionError("no fixture of organization A for {" + m.group(1) + "} in " + template
                        + ": add one to CrossTenantWalkTest.Fixtures");
            }
            m.appendReplacement(sb, id);
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A body that passes validation: every required property with a plausible value. */
    private static Buffer body(JsonObject document, JsonObject operation) {
        JsonObject requestBody = operation.getJsonObject("requestBody");
        if (requestBody == null) {
            return null;
        }
        JsonObject content = requestBody.getJsonObject("content");
        JsonObject schema = content.getJsonObject("application/json", content.getJsonObject("application/scim+json")).getJsonObject("schema");
        Object value = Samples.of(document, schema, "body");
        JsonObject json = value instanceof JsonObject o ? o : new JsonObject();
        if (json.isEmpty()) {
            Samples.firstOptional(document, schema, json);
        }
        json.put("version", 1);
        return json.toBuffer();
    }

    /** Plausible values for schemas. */
    static final class Samples {

        /** Puts the first plain optional property (a partial update must name something to change). */
        static void firstOptional(JsonObject document, JsonObject schema, JsonObject into) {
            JsonObject resolved = resolve(document, schema);
            JsonObject properties = resolved.getJsonObject("properties", new JsonObject());
            for (String field : properties.fieldNames()) {
                if (!field.equals("version")) {
                    into.put(field, of(document, properties.getJsonObject(field), field));
                    return;
                }
            }
        }

        private static JsonObject resolve(JsonObject document, JsonObject schema) {
            if (!schema.containsKey("$ref")) {
                return schema;
            }
            JsonObject target = document;
            for (String part : schema.getString("$ref").substring(2).split("/")) {
                target = target.getJsonObject(part);
            }
            return resolve(document, target);
        }

        static Object of(JsonObject document, JsonObject schema, String name) {
            if (schema.containsKey("$ref")) {
                String[] parts = schema.getString("$ref").substring(2).split("/");
                JsonObject target = document;
                for (String part : parts) {
                    target = target.getJsonObject(part);
                }
                return of(document, target, name);
            }
            if (schema.containsKey("allOf")) {
                JsonObject merged = new JsonObject();
                schema.getJsonArray("allOf").forEach(s -> merged.mergeIn((JsonObject) of(document, (JsonObject) s, name)));
                return merged;
            }
            if (schema.containsKey("enum")) {
                return schema.getJsonArray("enum").getValue(0);
            }
            if (schema.containsKey("examples")) {
                return schema.getJsonArray("examples").getValue(0);
            }
            if (schema.containsKey("const")) {
                return schema.getValue("const");
            }
            Object type = schema.getValue("type");
            String t = type instanceof JsonArray types ? types.getString(0) : (String) type;
            if (t == null || t.equals("object")) {
                JsonObject out = new JsonObject();
                JsonObject properties = schema.getJsonObject("properties", new JsonObject());
                for (Object required : schema.getJsonArray("required", new JsonArray())) {
                    String field = (String) required;
                    out.put(field, of(document, properties.getJsonObject(field, new JsonObject().put("type", "string")), field));
                }
                return out;
            }
            return switch (t) {
                case "integer", "number" -> Math.max(1, schema.getInteger("minimum", 1));
                case "boolean" -> false;
                case "array" -> {
                    JsonArray items = new JsonArray();
                    for (int i = 0; i < schema.getInteger("minItems", 0); i++) {
                        items.add(of(document, schema.getJsonObject("items", new JsonObject()), name));
                    }
                    yield items;
                }
                default -> string(schema.getString("format"), name, schema.getInteger("minLength", 1));
            };
        }

        private static String string(String format, String name, int minLength) {
            if ("uuid".equals(format)) {
                return UUID.randomUUID().toString();
            }
            if ("uri".equals(format)) {
                return "https://walker.example.test/" + name;
            }
            if ("email".equals(format)) {
                return "walker-" + UUID.randomUUID() + "@example.test";
            }
            if ("date-time".equals(format)) {
                return Instant.now().plus(name.startsWith("end") ? 2 : 1, ChronoUnit.HOURS).toString();
            }
            return "x".repeat(Math.max(10, minLength));
        }
    }

    /**
     * Organization A's records, one per path segment that names an id. Every feature adds its
     * records here; a path with no fixture fails the walk.
     */
    static final class Fixtures {

        static Map<String, String> create(TestServer server, Account admin) {
            Map<String, String> out = new HashMap<>();
            Account agent = server.invite(admin, "agent");
            out.put("users", agent.userId());
            out.put("userId", agent.userId());
            out.put("teams", id(server.http.post("/api/v1/teams", new JsonObject().put("name", "Walk team"), admin.accessToken())));
            out.put("invites", id(server.http.post("/api/v1/invites", new JsonObject()
                    .put("email", "walk-" + UUID.randomUUID() + "@example.test").put("role", "viewer"), admin.accessToken())));
            String contact = id(server.http.post("/api/v1/contacts", new JsonObject()
                    .put("firstName", "Walk").put("lastName", "Contact").put("email", "c-" + UUID.randomUUID() + "@example.test"),
                    admin.accessToken()));
            out.put("contacts", contact);
            // the timeline's two path parameters: a record type and the id of A's record of that type
            out.put("entityType", "contact");
            out.put("entityId", contact);
            out.put("notes", id(server.http.post("/api/v1/notes", new JsonObject().put("entityType", "contact")
                    .put("entityId", contact).put("body", "<p>walk</p>").put("visibility", "org"), admin.accessToken())));
            Response attached = server.http.send(HttpMethod.POST, "/api/v1/attachments?entityType=contact&entityId=" + contact
                    + "&filename=walk.txt", admin.accessToken(), Buffer.buffer("walk"), Map.of("Content-Type", "application/octet-stream"));
            out.put("attachments", id(attached));
            Response imported = server.http.send(HttpMethod.POST, "/api/v1/imports/contacts?mode=skip_invalid", admin.accessToken(),
                    Buffer.buffer("fullName,email\r\nWalk Import,walk-" + UUID.randomUUID() + "@example.test\r\n"),
                    Map.of("Content-Type", "text/csv"));
            assertEquals(202, imported.status(), imported::toString);
            out.put("imports", imported.json().getString("id"));
            out.put("canned-responses", id(server.http.post("/api/v1/canned-responses", new JsonObject().put("scope", "organization")
                    .put("shortCode", "walk").put("name", "Walk reply").put("body", "Hello {{contact.firstName}}"), admin.accessToken())));
            out.put("cases", server.createCase(admin));
            out.put("pipelines", server.http.get("/api/v1/pipelines", admin.accessToken()).items().getJsonObject(0).getString("id"));
            out.put("queues", id(server.http.post("/api/v1/queues", new JsonObject().put("name", "Walk queue"), admin.accessToken())));
            out.put("tasks", id(server.http.post("/api/v1/tasks", new JsonObject().put("title", "Walk task")
                    .put("assigneeUserId", agent.userId()), admin.accessToken())));
            Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
            out.put("appointments", id(server.http.post("/api/v1/appointments", new JsonObject().put("title", "Walk meeting")
                    .put("startsAt", start.toString()).put("endsAt", start.plus(1, ChronoUnit.HOURS).toString())
                    .put("timezone", "Europe/Berlin"), admin.accessToken())));
            String conversation = id(server.http.post("/api/v1/conversations", new JsonObject().put("channel", "email")
                    .put("subject", "Walk").put("contactId", contact), admin.accessToken()));
            out.put("conversations", conversation);
            String label = id(server.http.post("/api/v1/labels", new JsonObject().put("name", "Walk label").put("color", "#336699"),
                    admin.accessToken()));
            out.put("labels", label);
            out.put("labelId", label);
            out.put("messageId", id(server.http.post("/api/v1/conversations/" + conversation + "/messages",
                    new JsonObject().put("direction", "outbound").put("body", "hello"), admin.accessToken())));
            out.put("ai-drafts", replyDraft(server, admin, conversation));
            out.put("notifications", notificationOf(server, admin, agent));
            out.put("timeline-rebuilds", id(server.http.post("/api/v1/timeline-rebuilds", new JsonObject(), admin.accessToken())));
            String template = id(server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Walk template")
                    .put("subject", "Hi").put("html", "<p>hi</p>"), admin.accessToken()));
            out.put("email-templates", template);
            Response email = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template)
                    .put("to", "walk@example.test"), admin.accessToken());
            out.put("emails", id(email));
            out.put("jobs", email.json().getString("jobId"));
            out.put("webhook-endpoints", id(server.http.post("/api/v1/webhook-endpoints", new JsonObject()
                    .put("url", "http://127.0.0.1:9/walk").put("eventTypes", new io.vertx.core.json.JsonArray().add("case.created")),
                    admin.accessToken())));
            inboundWebhooks(server, admin, out);
            workflowWithRun(server, admin, out);
            out.put("parked", parkedEvent(server, admin));
            accounts(server, admin, out);
            recordsDepth(server, admin, out);
            return out;
        }

        /** A saved view of the admin's and a custom field of the organization's contacts. */
        private static void recordsDepth(TestServer server, Account admin, Map<String, String> out) {
            out.put("custom-fields", id(server.http.post("/api/v1/custom-fields", new JsonObject().put("recordType", "case")
                    .put("key", "walk_region").put("label", "Walk region").put("type", "text"), admin.accessToken())));
            out.put("saved-views", id(server.http.post("/api/v1/saved-views", new JsonObject().put("name", "Walk view")
                    .put("resourceType", "cases").put("visibility", "org"), admin.accessToken())));
        }

        /** An API key of the organization, and a second session of its admin (not the one the walks use). */
        private static void accounts(TestServer server, Account admin, Map<String, String> out) {
            out.put("api-keys", id(server.http.post("/api/v1/api-keys", new JsonObject().put("name", "Walk key")
                    .put("permissions", new JsonArray().add("tasks.write")), admin.accessToken())));
            Response login = server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                    .put("password", Account.PASSWORD), null);
            assertEquals(200, login.status(), login::toString);
            JsonArray sessions = server.http.get("/api/v1/account/sessions", login.json().getString("accessToken")).json().getJsonArray("items");
            out.put("scim-tokens", id(server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Walk SCIM"), admin.accessToken())));
            out.put("group-mappings", id(server.http.post("/api/v1/group-mappings", new JsonObject().put("groupName", "Walkers")
                    .put("role", "agent"), admin.accessToken())));
            String scim = server.http.post("/api/v1/scim-tokens", new JsonObject().put("name", "Walk IdP SCIM"), admin.accessToken())
                    .json().getString("token");
            out.put(SCIM_TOKEN, scim);
            out.put("Users", out.get("users"));
            Response group = server.http.send(HttpMethod.POST, "/scim/v2/Groups", scim, new JsonObject().put("displayName", "Walk SCIM group")
                    .put("members", new JsonArray().add(new JsonObject().put("value", out.get("users")))).toBuffer(),
                    Map.of("Content-Type", "application/scim+json"));
            out.put("Groups", id(group));
            out.put("identity-providers", id(server.http.post("/api/v1/identity-providers", new JsonObject().put("name", "Walk IdP")
                    .put("issuer", "https://idp.walk.example.test").put("clientId", "walk").put("clientSecret", "walk-secret")
                    .put("domains", new JsonArray().add("walk-" + UUID.randomUUID() + ".example.test"))
                    .put("redirectUris", new JsonArray().add("https://app.walk.example.test/callback")), admin.accessToken())));
            out.put("sessions", sessions.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current"))
                    .findFirst().orElseThrow().getString("id"));
        }

        /** A pending AI reply draft on the conversation, as the drafting feature keeps one (no provider is reachable here). */
        private static String replyDraft(TestServer server, Account admin, String conversation) {
            String id = UUID.randomUUID().toString();
            assertEquals(1, dev.switchboard.testing.TestDatabase.update(server.db, """
                    INSERT INTO ai_drafts (tenant_id, id, conversation_id, body, confidence, reasoning, created_by)
                    VALUES (?::uuid, ?::uuid, ?::uuid, 'Thanks, we are on it.', 0.9, 'walk', ?::uuid)""",
                    admin.tenantId(), id, conversation, admin.userId()));
            return id;
        }

        /** A parked event of the organization: its oldest event, as if a consumer had given up on it. */
        private static String parkedEvent(TestServer server, Account admin) {
            String id = UUID.randomUUID().toString();
            try (java.sql.Connection c = dev.switchboard.testing.TestDatabase.connect(server.db);
                 java.sql.PreparedStatement st = c.prepareStatement("""
                         INSERT INTO parked_events (tenant_id, id, consumer, event_id, position, event_type, attempts, last_error)
                         SELECT tenant_id, ?::uuid, 'timeline', id, position, type, 5, 'walk'
                         FROM outbox WHERE tenant_id = ?::uuid AND position IS NOT NULL ORDER BY position LIMIT 1""")) {
                st.setString(1, id);
                st.setString(2, admin.tenantId());
                assertEquals(1, st.executeUpdate());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return id;
        }

        /** A workflow that ran once on a new case: its id, its first version and the run. */
        private static void workflowWithRun(TestServer server, Account admin, Map<String, String> out) {
            JsonObject definition = new JsonObject().put("trigger", new JsonObject().put("type", "case.created"))
                    .put("actions", new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "add_note").put("body", "walk")));
            String workflow = id(server.http.post("/api/v1/workflows", new JsonObject().put("name", "Walk workflow").put("enabled", true)
                    .put("definition", definition), admin.accessToken()));
            out.put("workflows", workflow);
            out.put("version", "1");
            server.createCase(admin);
            dev.switchboard.testing.Eventually.await(() -> !server.http.get("/api/v1/workflow-runs?workflowId=" + workflow,
                    admin.accessToken()).items().isEmpty(), java.time.Duration.ofSeconds(10), "the walk workflow's run");
            out.put("workflow-runs", server.http.get("/api/v1/workflow-runs?workflowId=" + workflow, admin.accessToken()).items()
                    .getJsonObject(0).getString("id"));
        }

        /** An inbound hook with one received event, a Resend signing secret and a Meta page. */
        private static void inboundWebhooks(TestServer server, Account admin, Map<String, String> out) {
            Response hook = server.http.post("/api/v1/inbound-webhooks", new JsonObject().put("name", "Walk hook"), admin.accessToken());
            out.put("inbound-webhooks", id(hook));
            String slug;
            try (java.sql.Connection c = dev.switchboard.testing.TestDatabase.connect(server.db);
                 java.sql.PreparedStatement st = c.prepareStatement("SELECT slug FROM organizations WHERE id = ?::uuid")) {
                st.setString(1, admin.tenantId());
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    rs.next();
                    slug = rs.getString(1);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            long now = Instant.now().getEpochSecond();
            String body = "{\"walk\": true}";
            Response received = server.http.send(HttpMethod.POST, "/webhooks/in/" + slug + "/" + id(hook), null, Buffer.buffer(body),
                    Map.of("webhook-id", "msg_walk", "webhook-timestamp", Long.toString(now), "webhook-signature",
                            dev.switchboard.webhooks.outbound.WebhookSignature.sign(hook.json().getString("secret"), "msg_walk", now, body)));
            assertEquals(202, received.status(), received::toString);
            out.put("tenantSlug", slug);
            out.put("hookId", id(hook));
            out.put("webhook-inbox", server.http.get("/api/v1/webhook-inbox", admin.accessToken()).items().getJsonObject(0).getString("id"));
            out.put("resend-signing-secrets", id(server.http.post("/api/v1/resend-signing-secrets",
                    new JsonObject().put("secret", dev.switchboard.webhooks.outbound.WebhookSignature.newSecret()), admin.accessToken())));
            out.put("meta-pages", id(server.http.post("/api/v1/meta-pages", new JsonObject().put("pageId", "4242424242"),
                    admin.accessToken())));
        }

        /** A notification of the agent's, from a real event: a case assigned to them by the admin. */
        private static String notificationOf(TestServer server, Account admin, Account agent) {
            String assigned = server.createCase(admin);
            Response patched = server.http.patch("/api/v1/cases/" + assigned,
                    new JsonObject().put("ownerUserId", agent.userId()).put("version", 1), admin.accessToken());
            assertTrue(patched.status() == 200, patched::toString);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonArray items = server.http.get("/api/v1/notifications", agent.accessToken()).items();
                if (!items.isEmpty()) {
                    return items.getJsonObject(0).getString("id");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new AssertionError("the assignment produced no notification within 10 s");
        }

        static String id(Response created) {
            assertTrue(created.status() == 201 || created.status() == 200, created::toString);
            return created.json().getString("id");
        }
    }
}
