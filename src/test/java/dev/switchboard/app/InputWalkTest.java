package dev.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.SuperuserSql;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the served OpenAPI document with malformed input for each body field, query and
 * header parameter and path id, generated from the type the document declares, and with whole bodies that are
 * not JSON objects; then sends bursts of identical writes. Every answer must come within 2 s, never be a 5xx,
 * be problem+json without parser or Java internals when it is an error, and a refused request must leave no
 * event behind. A route added to the document is walked without new code.
 */
class InputWalkTest {

    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String SCIM = "application/scim+json";
    private static final long ANSWER_WITHIN_MS = 2_000;
    /**
     * A burst's answers may queue behind each other (password hashing takes its time on a small machine), so the
     * whole burst has this long; a request that never answers still fails it.
     */
    private static final long BURST_WITHIN_MS = 10_000;
    /** What an error body must never show: parser, driver and Java internals, or a record's toString. */
    private static final Pattern INTERNALS = Pattern.compile(
            "com\\.fasterxml|StreamRead|StreamConstraints|Exception|java\\.|javax\\.|io\\.vertx|io\\.netty|org\\.postgresql"
                    + "|SQLSTATE|\\bat [a-z]+\\.[a-z]+\\.|\\b[A-Z][A-Za-z]+\\[[a-z][A-Za-z]*=");

    private static TestServer server;
    private static Account admin;
    private static JsonObject document;
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.register("Input Walk");
        ids.putAll(CrossTenantWalkTest.Fixtures.create(server, admin));
        document = server.http.get("/api/v1/openapi.json", null).json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void malformedInputGetsAQuickProblemAndStoresNothing() {
        Walk walk = new Walk();
        forEachOperation((method, template, operation) -> {
            String path = CrossTenantWalkTest.concrete(template, ids);
            JsonObject schema = bodySchema(operation);
            if (schema != null) {
                JsonObject valid = validBody(schema);
                for (Map.Entry<String, JsonObject> field : properties(schema).entrySet()) {
                    for (Object bad : MalformedValues.forBody(field.getValue())) {
                        walk.send(method, path, valid.copy().put(field.getKey(), bad).toBuffer(), "application/json", Map.of());
                    }
                }
                for (Map.Entry<String, Buffer> whole : MalformedValues.wholeBodies(valid.toBuffer())) {
                    walk.send(method, path, whole.getValue(), whole.getKey(), Map.of());
                }
            }
            Buffer body = schema == null ? null : validBody(schema).toBuffer();
            for (JsonObject parameter : parameters(template, operation)) {
                String name = parameter.getString("name");
                JsonObject parameterSchema = resolve(parameter.getJsonObject("schema", new JsonObject()));
                switch (parameter.getString("in")) {
                    case "query" -> MalformedValues.forQuery(name, parameterSchema).forEach(value ->
                            walk.send(method, path + "?" + name + "=" + value, body, "application/json", Map.of()));
                    case "path" -> MalformedValues.forPath().forEach(value ->
                            walk.send(method, withParameter(template, name, value), body, "application/json", Map.of()));
                    case "header" -> List.of("zzz", "\"99999999999\"", "\"-1\"", "x".repeat(300), "").forEach(value ->
                            walk.send(method, path, body, "application/json", Map.of(name, value)));
                    default -> {
                    }
                }
            }
        });
        assertTrue(walk.sent > 2_000, "sent " + walk.sent + " malformed requests");
        assertEquals(200, server.http.get("/api/v1/auth/me", admin.accessToken()).status(), "the walk ended signed in");
        assertEquals(List.of(), walk.wrong, "answers that broke the input contract");
        assertEquals(List.of(), eventsWrittenBy(walk.refused), "requests answered 4xx that still recorded a change");
    }

    @Test
    void concurrentIdenticalWritesAnswerWithoutServerErrors() {
        Walk walk = new Walk();
        List<Runnable> last = new ArrayList<>();
        forEachOperation((method, template, operation) -> {
            if (method == HttpMethod.GET) {
                return;
            }
            String path = CrossTenantWalkTest.concrete(template, ids);
            JsonObject schema = bodySchema(operation);
            List<Buffer> bodies = schema == null ? java.util.Collections.singletonList(null)
                    : List.of(validBody(schema).toBuffer(), fullBody(schema).toBuffer());
            Runnable burst = () -> bodies.forEach(body -> walk.burst(method, path, body, 8));
            if (method == HttpMethod.DELETE || template.endsWith("/logout")) {
                last.add(burst); // they take fixtures and the session away from the bursts after them
            } else {
                burst.run();
            }
        });
        last.forEach(Runnable::run);
        assertTrue(walk.sent > 300, "sent " + walk.sent + " concurrent requests");
        assertEquals(List.of(), walk.wrong, "answers to concurrent identical writes that broke the contract");
    }

    @Test
    void oversizedRequestLineAndHeadersGetProblemJson() throws Exception {
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            raw.head("GET", "/api/v1/contacts?q=" + "x".repeat(10_000));
            assertProblemShape(raw.read(), 414);
        }
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            raw.head("GET", "/api/v1/contacts", "X-Filler: " + "x".repeat(20_000));
            assertProblemShape(raw.read(), 431);
        }
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            raw.write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Response r = raw.read();
            assertTrue(r.status() >= 400 && r.status() < 500, r::toString);
            assertEquals("application/problem+json", r.header("Content-Type"));
        }
    }

    @Test
    void malformedPercentEscapesGetProblemJsonNotTheRoutersPlainText() throws Exception {
        for (String path : List.of("/api/v1/contacts/%zz", "/api/v1/%zz", "/health/%zz", "/%", "/api/v1/contacts/%2")) {
            try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
                raw.head("GET", path, "Authorization: Bearer " + admin.accessToken());
                Response r = raw.read();
                assertProblemShape(r, 400);
                assertTrue(r.json().getString("detail").contains("percent-encoding"), r::toString);
            }
        }
        assertEquals(404, server.http.get("/api/v1/nothing%41", admin.accessToken()).status(), "a well-formed escape is routed");
    }

    @Test
    void halfOfASurrogatePairIsRefusedNotStoredAsAQuestionMark() {
        String marker = "Surrogate " + UUID.randomUUID();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        // JSON escapes, as a client sends them: a high half alone, a low half alone, in a value and in a field name
        for (String body : List.of("{\"fullName\":\"" + marker + " \\ud800 X\"}", "{\"fullName\":\"" + marker + "\",\"company\":\"\\udfff\"}",
                "{\"fullName\":\"" + marker + "\",\"customFields\":{\"a\\ud800\":1}}")) {
            Response r = server.http.send(HttpMethod.POST, "/api/v1/contacts", admin.accessToken(), Buffer.buffer(body), json);
            assertProblemShape(r, 400);
            assertTrue(r.json().getJsonArray("errors").encode().contains("surrogate"), r::toString);
        }
        Response paired = server.http.send(HttpMethod.POST, "/api/v1/contacts", admin.accessToken(),
                Buffer.buffer("{\"fullName\":\"" + marker + " \\ud83d\\ude00\"}"), json);
        assertEquals(201, paired.status(), "a whole pair is a character (an emoji): " + paired);
        assertEquals(marker + " \ud83d\ude00", paired.json().getString("fullName"));
        Response stored = server.http.get("/api/v1/contacts?q=" + marker.replace(' ', '+'), admin.accessToken());
        assertEquals(1, stored.json().getJsonArray("items").size(), "only the contact with the whole pair: " + stored);
    }

    @Test
    void aFieldNamedTwiceInOneObjectIsRefusedNotDecidedByTheParser() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (String body : List.of("{\"fullName\":\"Ann\",\"fullName\":\"Bob\"}",
                "{\"fullName\":\"Ann\",\"customFields\":{\"a\":1,\"a\":2}}")) {
            Response r = server.http.send(HttpMethod.POST, "/api/v1/contacts", admin.accessToken(), Buffer.buffer(body), json);
            assertProblemShape(r, 400);
            assertEquals("names a field twice in one object", r.json().getJsonArray("errors").getJsonObject(0).getString("message"),
                    r::toString);
        }
        Response distinct = server.http.send(HttpMethod.POST, "/api/v1/contacts", admin.accessToken(),
                Buffer.buffer("{\"fullName\":\"Ann\",\"company\":{\"x\":1}}"), json);
        assertEquals(400, distinct.status(), "the same name in two objects is no duplicate; this fails for its type alone");
        assertTrue(distinct.json().getJsonArray("errors").encode().contains("company"), distinct::toString);
    }

    private static void assertProblemShape(Response r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals(status, r.json().getInteger("status"), r::toString);
    }

    /** Sends requests one at a time (or in bursts) and notes every answer that breaks the contract. */
    private static final class Walk {
        final List<String> wrong = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        int sent;

        void send(HttpMethod method, String path, Buffer body, String contentType, Map<String, String> headers) {
            String requestId = "walk-" + (++sent);
            long start = System.nanoTime();
            Response r = await(method, path, body, contentType, headers, requestId);
            check(method, path, body, r, (System.nanoTime() - start) / 1_000_000, requestId);
        }

        void burst(HttpMethod method, String path, Buffer body, int copies) {
            Map<String, String> headers = method == HttpMethod.POST ? Map.of("Idempotency-Key", "burst-" + sent) : Map.of();
            long start = System.nanoTime();
            List<CompletableFuture<Response>> inFlight = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                inFlight.add(request(method, path, body, "application/json", headers, "burst-" + (++sent)));
            }
            for (CompletableFuture<Response> answer : inFlight) {
                Response r = get(answer, method, path, BURST_WITHIN_MS);
                long millis = (System.nanoTime() - start) / 1_000_000;
                check(method, path, body, r, millis > BURST_WITHIN_MS ? millis : 0, null);
            }
        }

        private void check(HttpMethod method, String path, Buffer body, Response r, long millis, String requestId) {
            String what = method + " " + abbreviate(path) + (body == null ? "" : " " + abbreviate(body.toString())) + " → ";
            if (r == null) {
                wrong.add(what + "no answer");
                return;
            }
            if (millis > ANSWER_WITHIN_MS) {
                wrong.add(what + r.status() + " after " + millis + " ms");
            }
            if (r.status() >= 500) {
                wrong.add(what + r.status() + " " + abbreviate(r.body().toString()));
                return;
            }
            if (r.status() < 400) {
                return;
            }
            if (requestId != null) {
                refused.add(requestId);
            }
            // SCIM answers its errors in SCIM's own body (RFC 7644 §3.12), with the status as a string
            boolean scim = path.startsWith("/scim/");
            if (!(scim ? SCIM : "application/problem+json").equals(r.contentType())) {
                wrong.add(what + r.status() + " as " + r.contentType());
                return;
            }
            String text = r.body().toString();
            Matcher internals = INTERNALS.matcher(text);
            if (internals.find()) {
                wrong.add(what + r.status() + " shows '" + internals.group() + "': " + abbreviate(text));
            }
            int status = scim ? Integer.parseInt(r.json().getString("status", "0")) : r.json().getInteger("status", 0);
            if (status != r.status()) {
                wrong.add(what + r.status() + " with a problem body of another status");
            }
        }

        private static Response await(HttpMethod method, String path, Buffer body, String contentType, Map<String, String> headers,
                                      String requestId) {
            return get(request(method, path, body, contentType, headers, requestId), method, path, ANSWER_WITHIN_MS * 3);
        }

        private static Response get(CompletableFuture<Response> answer, HttpMethod method, String path, long waitMs) {
            try {
                return answer.get(waitMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(method + " " + abbreviate(path) + " failed", e);
            }
        }

        private static CompletableFuture<Response> request(HttpMethod method, String path, Buffer body, String contentType,
                                                           Map<String, String> headers, String requestId) {
            Map<String, String> all = new HashMap<>(headers);
            all.put("X-Request-Id", requestId);
            if (body != null && contentType != null) {
                all.put("Content-Type", contentType);
            }
            return server.http.sendAsync(method, path, tokenFor(path), body, all);
        }
    }

    /**
     * The admin's token, except for logging out: that ends the session it names, so each logout gets a session
     * of its own and the walk goes on signed in; and SCIM, which takes the organization's SCIM token.
     */
    private static String tokenFor(String path) {
        if (path.startsWith("/scim/")) {
            return ids.get(CrossTenantWalkTest.SCIM_TOKEN);
        }
        if (!path.startsWith("/api/v1/auth/logout")) {
            return admin.accessToken();
        }
        Response session = server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                .put("password", Account.PASSWORD), null);
        assertEquals(200, session.status(), session::toString);
        return session.json().getString("accessToken");
    }

    /** Request ids among {@code requestIds} under which a change was recorded (a domain event or an audit entry). */
    private static List<String> eventsWrittenBy(List<String> requestIds) {
        try (SuperuserSql sql = new SuperuserSql(server.db)) {
            String[] array = requestIds.toArray(String[]::new);
            List<String> out = new ArrayList<>();
            sql.rows("SELECT correlation_id, type FROM outbox WHERE correlation_id = ANY (?)", (Object) array)
                    .forEach(row -> out.add("event " + row[1] + " by " + row[0]));
            sql.rows("SELECT request_id, action FROM audit_log WHERE request_id = ANY (?) AND action NOT LIKE 'auth.%'", (Object) array)
                    .forEach(row -> out.add("audit " + row[1] + " by " + row[0]));
            return out;
        }
    }

    private interface OperationVisitor {
        void visit(HttpMethod method, String template, JsonObject operation);
    }

    /**
     * Every documented operation but the document itself. The WebSocket entry point is walked like the rest: none of
     * the walk's requests is a complete upgrade, so each must be refused at once with a 400 problem, as any client
     * that is not a WebSocket is (RealtimeHandshakeTest covers the upgrade itself). The webhook receivers are walked
     * unsigned, so each answer must be a 4xx problem that stores nothing.
     */
    private static void forEachOperation(OperationVisitor visitor) {
        JsonObject paths = document.getJsonObject("paths");
        for (String template : paths.fieldNames()) {
            for (String method : METHODS) {
                JsonObject operation = paths.getJsonObject(template).getJsonObject(method);
                if (operation != null && !template.endsWith("/openapi.json")) {
                    visitor.visit(HttpMethod.valueOf(method.toUpperCase()), template, operation);
                }
            }
        }
    }

    private static List<JsonObject> parameters(String template, JsonObject operation) {
        List<JsonObject> out = new ArrayList<>();
        JsonArray shared = document.getJsonObject("paths").getJsonObject(template).getJsonArray("parameters", new JsonArray());
        for (JsonArray list : List.of(shared, operation.getJsonArray("parameters", new JsonArray()))) {
            list.forEach(p -> out.add(resolve((JsonObject) p)));
        }
        return out;
    }

    private static String withParameter(String template, String name, String value) {
        String path = CrossTenantWalkTest.concrete(template.replace("{" + name + "}", "@@"), ids);
        return path.replace("@@", value);
    }

    private static JsonObject bodySchema(JsonObject operation) {
        JsonObject requestBody = operation.getJsonObject("requestBody");
        if (requestBody == null) {
            return null;
        }
        JsonObject content = resolve(requestBody).getJsonObject("content");
        JsonObject json = content.getJsonObject("application/json", content.getJsonObject(SCIM));
        return json == null ? null : json.getJsonObject("schema", new JsonObject());
    }

    /** The top-level properties of a body schema, through {@code $ref} and {@code allOf}. */
    private static Map<String, JsonObject> properties(JsonObject schema) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        JsonObject resolved = resolve(schema);
        resolved.getJsonArray("allOf", new JsonArray()).forEach(part -> out.putAll(properties((JsonObject) part)));
        JsonArray alternatives = resolved.getJsonArray("oneOf", resolved.getJsonArray("anyOf", new JsonArray()));
        alternatives.forEach(part -> out.putAll(properties((JsonObject) part)));
        JsonObject own = resolved.getJsonObject("properties", new JsonObject());
        own.fieldNames().forEach(name -> out.put(name, resolve(own.getJsonObject(name))));
        return out;
    }

    /** A body that passes validation, as the cross-tenant walk builds it. */
    private static JsonObject validBody(JsonObject schema) {
        Object value = CrossTenantWalkTest.Samples.of(document, schema, "body");
        JsonObject json = value instanceof JsonObject o ? o : new JsonObject();
        if (json.isEmpty()) {
            CrossTenantWalkTest.Samples.firstOptional(document, schema, json);
        }
        return json.put("version", 1);
    }

    /** A valid body with every documented property set (arrays with one item), so a write stores as much as it can. */
    private static JsonObject fullBody(JsonObject schema) {
        JsonObject json = validBody(schema);
        properties(schema).forEach((name, property) -> {
            boolean emptyList = json.getValue(name) instanceof JsonArray present && present.isEmpty();
            if ((!json.containsKey(name) || emptyList) && !property.containsKey("allOf")) {
                Object sample = CrossTenantWalkTest.Samples.of(document, property, name);
                if (sample instanceof JsonArray array && array.isEmpty() && property.getValue("items") instanceof JsonObject items) {
                    array.add(CrossTenantWalkTest.Samples.of(document, items, name));
                }
                json.put(name, sample);
            }
        });
        return json;
    }

    private static JsonObject resolve(JsonObject schema) {
        JsonObject current = schema;
        while (current.containsKey("$ref")) {
            JsonObject target = document;
            for (String part : current.getString("$ref").substring(2).split("/")) {
                target = target.getJsonObject(part);
            }
            current = target;
        }
        return current;
    }

    private static String abbreviate(String text) {
        String plain = text.replace("\u0000", "\\0");
        return plain.length() > 160 ? plain.substring(0, 160) + "…(" + plain.length() + ")" : plain;
    }
}
