package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What every request gets from the platform, whichever endpoint it reaches: limits, errors, ids, headers, health, metrics, logs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpPlatformTest {

    private static final String APP_ORIGIN = "https://app.example.test";
    private static final Path LOG_FILE = Path.of(System.getProperty("switchboard.test.log", "target/test-server.log"));
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "SWITCHBOARD_HTTP_BODY_LIMIT", "1k",
                "SWITCHBOARD_HTTP_CORS_ORIGINS", APP_ORIGIN));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void headAnswersEveryGetRouteWithItsStatusAndHeadersButNoBody() throws Exception {
        Account admin = server.register("Head Requests");
        server.createContact(admin);
        String bearer = "Authorization: Bearer " + admin.accessToken();
        // one connection throughout: a body sent after any head would be read as the next response's status line
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            Response list = raw.head("HEAD", "/api/v1/contacts", bearer).read();
            assertEquals(200, list.status(), list::toString);
            assertEquals("application/json", list.header("Content-Type"));
            assertEquals(0, list.body().length());
            assertSecurityHeaders(list);

            Response missing = raw.head("HEAD", "/api/v1/contacts/" + UUID.randomUUID(), bearer).read();
            assertEquals(404, missing.status(), missing::toString);
            assertEquals(PROBLEM_JSON, missing.header("Content-Type"));

            assertEquals(200, raw.head("HEAD", "/health/live").read().status());
            assertEquals(401, raw.head("HEAD", "/api/v1/contacts").read().status(), "the same authentication as GET");
            assertEquals(405, raw.head("HEAD", "/api/v1/auth/login").read().status(), "a POST-only route still refuses it");

            Response get = raw.head("GET", "/health/live").read();
            assertEquals(200, get.status(), "the connection is still in step after the heads: " + get);
            assertEquals("up", get.json().getString("status"), get::toString);
        }
    }

    @Test
    void refusesABodyWithADeclaredLengthOverTheLimitAndWritesNothing() throws Exception {
        String name = "Declared Oversize " + UUID.randomUUID();
        Response small = register(paddedRegistration("Padded But Small " + UUID.randomUUID(), 200));
        assertEquals(201, small.status(), "whitespace padding alone is a valid body: " + small);

        Response big = register(paddedRegistration(name, 4096));
        assertProblem(big, 413);
        assertSecurityHeaders(big);
        assertEquals(0, organizationsNamed(name));
    }

    @Test
    void answers413BeforeReadingABodyItWillNotAccept() throws Exception {
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            raw.head("POST", "/api/v1/auth/register", "Content-Type: application/json",
                    "Content-Length: 104857600", "Connection: close");
            raw.write("{\"organizationName\":".getBytes(StandardCharsets.UTF_8));
            Response response = raw.read();
            assertProblem(response, 413);
            assertSecurityHeaders(response);
        }
    }

    @Test
    void refusesAChunkedBodyThatGrowsOverTheLimitAndWritesNothing() throws Exception {
        String name = "Chunked Oversize " + UUID.randomUUID();
        try (RawHttp raw = new RawHttp(server.port, Duration.ofSeconds(5))) {
            raw.head("POST", "/api/v1/auth/register", "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "Connection: close");
            raw.chunked(paddedRegistration(name, 4096).getBytes(StandardCharsets.UTF_8), 256);
            Response response = raw.read();
            assertProblem(response, 413);
            assertSecurityHeaders(response);
        }
        assertEquals(0, organizationsNamed(name));
    }

    @Test
    void malformedJsonIsA400NamingTheBody() {
        Response response = post("/api/v1/auth/login", "{\"email\": \"a@example.test\", \"password\": ");
        assertProblem(response, 400);
        assertFieldErrors(response, "body");
    }

    @Test
    void aJsonArrayWhereAnObjectBelongsIsA400NamingTheBody() {
        Response response = post("/api/v1/auth/login", "[{\"email\": \"a@example.test\"}]");
        assertProblem(response, 400);
        assertFieldErrors(response, "body");
    }

    @Test
    void missingRequiredFieldsAreEachListed() {
        Response response = post("/api/v1/auth/register",
                new JsonObject().put("organizationName", "Half Filled").put("fullName", "Half Admin").encode());
        assertProblem(response, 400);
        assertFieldErrors(response, "email", "password");
    }

    @Test
    void anUnknownRouteIsA404CarryingTheRequestId() {
        Response response = server.http.get("/api/v1/no-such-resource", null);
        assertProblem(response, 404);
        assertNotNull(response.header("X-Request-Id"));
        assertEquals(response.header("X-Request-Id"), response.json().getString("correlationId"));
        assertSecurityHeaders(response);
    }

    @Test
    void aWrongMethodOnAKnownPathIsA405() {
        Response response = server.http.delete("/api/v1/auth/login", null);
        assertProblem(response, 405);
        assertEquals(response.header("X-Request-Id"), response.json().getString("correlationId"));
        assertSecurityHeaders(response);
    }

    @Test
    void echoesAWellFormedRequestId() {
        String id = "client-" + UUID.randomUUID();
        Response response = withRequestId("/health/live", id);
        assertEquals(id, response.header("X-Request-Id"));
    }

    @Test
    void generatesARequestIdWhenNoneIsSent() {
        Response first = server.http.get("/health/live", null);
        Response second = server.http.get("/health/live", null);
        assertIsUuid(first.header("X-Request-Id"));
        assertIsUuid(second.header("X-Request-Id"));
        assertNotEquals(first.header("X-Request-Id"), second.header("X-Request-Id"));
    }

    @Test
    void replacesAMalformedRequestId() {
        for (String bad : List.of("has spaces in it", "x".repeat(500), "<script>alert(1)</script>")) {
            Response response = withRequestId("/api/v1/nowhere", bad);
            String echoed = response.header("X-Request-Id");
            assertNotEquals(bad, echoed);
            assertIsUuid(echoed);
            assertEquals(echoed, response.json().getString("correlationId"));
        }
    }

    @Test
    void setsSecurityHeadersOnSuccessesAndErrorsAlike() {
        assertSecurityHeaders(server.http.get("/health/live", null));
        assertSecurityHeaders(server.http.get("/.well-known/jwks.json", null));
        assertSecurityHeaders(server.http.get("/api/v1/auth/me", null));
        assertSecurityHeaders(post("/api/v1/auth/login", "not json"));
        assertSecurityHeaders(server.http.get("/metrics", null));
    }

    @Test
    void reportsLiveAndReadyWithTheDatabaseUp() {
        Response live = server.http.get("/health/live", null);
        assertEquals(200, live.status(), live::toString);
        Response ready = server.http.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("up", ready.json().getString("status"));
        assertEquals("up", ready.json().getJsonObject("checks").getString("database"));
    }

    @Test
    void labelsLatencyByRouteTemplateNeverByRawPath() {
        Account admin = server.register("Metrics Labels");
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String id : ids) {
            assertEquals(404, server.http.get("/api/v1/users/" + id, admin.accessToken()).status());
        }
        String unknown = UUID.randomUUID().toString();
        assertEquals(404, server.http.get("/api/v1/nothing-here/" + unknown, null).status());

        String metrics = scrape();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_bucket{")
                && l.contains("route=\"/api/v1/users/:id\"")), "latency histogram by route template");
        for (String id : ids) {
            assertFalse(metrics.contains(id), "a user id leaked into a metric label: " + id);
        }
        assertFalse(metrics.contains(unknown), "an unmatched path leaked into a metric label");
    }

    @Test
    void exposesPoolAndEventBusMeters() {
        String metrics = scrape();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vertx_pool_in_use{")
                && l.contains("pool_name=\"main\"") && l.contains("pool_type=\"sql\"")), "sql pool usage gauge");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("switchboard_eventbus_rejected_total")), "event-bus rejection counter");
    }

    @Test
    void writesOneJsonAccessLineCarryingTheRequestId() throws Exception {
        String id = "log-" + UUID.randomUUID();
        Response response = withRequestId("/health/live", id);
        assertEquals(id, response.header("X-Request-Id"));

        JsonObject line = awaitAccessLine(id);
        assertEquals("GET", line.getString("method"));
        assertEquals("/health/live", line.getString("path"));
        assertEquals(200, line.getInteger("status"));
        assertNotNull(line.getValue("durationMs"));
    }

    @Test
    void everyLogLineIsJson() throws Exception {
        server.http.get("/api/v1/nowhere", null);
        awaitAccessLine(server.http.get("/health/live", null).header("X-Request-Id"));
        List<String> lines = completeLogLines();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            try {
                new JsonObject(line);
            } catch (DecodeException e) {
                fail("log line is not JSON: " + line);
            }
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() {
        Response allowed = preflight(APP_ORIGIN);
        assertTrue(allowed.status() < 300, allowed::toString);
        assertEquals(APP_ORIGIN, allowed.header("Access-Control-Allow-Origin"));
        assertSecurityHeaders(allowed);

        Response actual = server.http.send(HttpMethod.GET, "/health/live", null, null, Map.of("Origin", APP_ORIGIN));
        assertEquals(APP_ORIGIN, actual.header("Access-Control-Allow-Origin"));

        Response evil = preflight("https://evil.example.test");
        assertNull(evil.header("Access-Control-Allow-Origin"), evil::toString);
        assertTrue(evil.status() < 500, evil::toString);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void answeredNothingWithA5xx() {
        List<String> serverErrors = scrape().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{") && l.matches(".*code=\"5\\d\\d\".*"))
                .toList();
        assertTrue(serverErrors.isEmpty(), () -> "server errors: " + serverErrors);
    }

    private static Response post(String path, String body) {
        return server.http.send(HttpMethod.POST, path, null, Buffer.buffer(body), Map.of());
    }

    private static Response register(String body) {
        return post("/api/v1/auth/register", body);
    }

    private static Response withRequestId(String path, String requestId) {
        return server.http.send(HttpMethod.GET, path, null, null, Map.of("X-Request-Id", requestId));
    }

    private static Response preflight(String origin) {
        return server.http.send(HttpMethod.OPTIONS, "/api/v1/auth/login", null, null, Map.of(
                "Origin", origin,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "Content-Type"));
    }

    /** A valid registration whose JSON is padded with {@code padding} spaces: only its size is wrong. */
    private static String paddedRegistration(String organizationName, int padding) {
        String json = new JsonObject()
                .put("organizationName", organizationName)
                .put("email", "pad-" + UUID.randomUUID() + "@example.test")
                .put("password", Account.PASSWORD)
                .put("fullName", "Padded Admin")
                .encode();
        return json.substring(0, json.length() - 1) + " ".repeat(padding) + "}";
    }

    private static String scrape() {
        Response response = server.http.get("/metrics", null);
        assertEquals(200, response.status(), response::toString);
        return response.body().toString();
    }

    private static int organizationsNamed(String name) throws Exception {
        try (Connection c = TestDatabase.connect(server.db);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM organizations WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static JsonObject awaitAccessLine(String requestId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : completeLogLines()) {
                if (line.contains(requestId)) {
                    JsonObject json = new JsonObject(line);
                    if ("access".equals(json.getString("logger")) && requestId.equals(json.getString("requestId"))) {
                        return json;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no access log line with requestId " + requestId + " in " + LOG_FILE);
    }

    /** The log's lines, leaving out a last line the appender may still be writing. */
    private static List<String> completeLogLines() throws Exception {
        String content = Files.readString(LOG_FILE);
        int end = content.lastIndexOf('\n');
        return end < 0 ? List.of() : content.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
    }

    private static void assertProblem(Response response, int status) {
        assertEquals(status, response.status(), response::toString);
        assertEquals(PROBLEM_JSON, response.contentType(), response::toString);
        JsonObject body = response.json();
        assertEquals(status, body.getInteger("status"));
        assertNotNull(body.getString("title"));
        assertNotNull(body.getString("correlationId"));
        assertEquals(response.header("X-Request-Id"), body.getString("correlationId"));
        assertFalse(response.body().toString().contains("\tat "), "no stack trace in a problem");
    }

    private static void assertFieldErrors(Response response, String... fields) {
        JsonArray errors = response.json().getJsonArray("errors");
        assertNotNull(errors, response::toString);
        List<String> named = errors.stream().map(e -> (JsonObject) e)
                .peek(e -> assertNotNull(e.getString("message"), e::encode))
                .map(e -> e.getString("field")).collect(Collectors.toList());
        for (String field : fields) {
            assertTrue(named.contains(field), () -> field + " not among the field errors " + errors.encode());
        }
    }

    private static void assertSecurityHeaders(Response response) {
        assertEquals("nosniff", response.header("X-Content-Type-Options"), () -> "X-Content-Type-Options on " + response);
        assertTrue(List.of("DENY", "SAMEORIGIN").contains(response.header("X-Frame-Options")), () -> "X-Frame-Options on " + response);
        assertNotNull(response.header("Content-Security-Policy"), () -> "Content-Security-Policy on " + response);
        assertNotNull(response.header("Referrer-Policy"), () -> "Referrer-Policy on " + response);
        String hsts = response.header("Strict-Transport-Security");
        assertTrue(hsts != null && hsts.contains("max-age="), () -> "Strict-Transport-Security on " + response);
    }

    private static void assertIsUuid(String value) {
        assertTrue(value != null && UUID_TEXT.matcher(value).matches(), () -> "not a UUID: " + value);
    }
}
