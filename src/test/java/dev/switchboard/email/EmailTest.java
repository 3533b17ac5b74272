package dev.switchboard.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Email templates with versions, rollback and preview; sending through Resend from the job queue, with retries and dead letters. */
class EmailTest {

    private static final String TEMPLATES = "/api/v1/email-templates";
    private static final String API_KEY = "re_test_key";

    private static FakeResend resend;
    private static TestServer server;
    private static Account admin;

    @BeforeAll
    static void start() throws Exception {
        resend = new FakeResend();
        server = TestServer.start(Map.of(
                "SWITCHBOARD_RESEND_BASE_URL", resend.baseUrl(),
                "SWITCHBOARD_RESEND_API_KEY", API_KEY,
                "SWITCHBOARD_EMAIL_FROM", "Acme <hello@acme.test>",
                "SWITCHBOARD_JOBS_MAX_ATTEMPTS", "3",
                "SWITCHBOARD_JOBS_BACKOFF_BASE", "20ms",
                "SWITCHBOARD_JOBS_BACKOFF_CAP", "50ms"));
        admin = server.register("Email Org");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        resend.close();
    }

    @Test
    void sendsTheRenderedTemplateThroughResendWithVariablesEscapedAndThreadingHeaders() throws Exception {
        String template = createTemplate(admin, "Welcome", "Hello {{contact.firstName}}", "<p>Hi {{contact.firstName}}, welcome to {{org}}</p>");
        String to = "ada-" + UUID.randomUUID() + "@example.test";
        Response queued = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", to)
                .put("data", new JsonObject().put("contact", new JsonObject().put("firstName", "<script>alert(1)</script>")).put("org", "Acme"))
                .put("replyTo", new JsonArray().add("first@mail.acme.test").add("<second@mail.acme.test>")), admin.accessToken());
        assertEquals(201, queued.status(), queued::toString);
        assertEquals("queued", queued.json().getString("status"));
        String id = queued.json().getString("id");

        JsonObject sent = awaitEmail(admin, id, "sent");
        FakeResend.Received request = resend.to(to).get(0);
        assertEquals("Bearer " + API_KEY, request.authorization());
        assertEquals("email/" + id, request.idempotencyKey());
        assertEquals("Acme <hello@acme.test>", request.body().getString("from"));
        String html = request.body().getString("html");
        assertEquals("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;, welcome to Acme</p>", html);
        assertFalse(html.contains("<script>"));
        assertEquals("Hello <script>alert(1)</script>", request.body().getString("subject"), "the subject is plain text");
        JsonObject headers = request.body().getJsonObject("headers");
        assertEquals("<second@mail.acme.test>", headers.getString("In-Reply-To"));
        assertEquals("<first@mail.acme.test> <second@mail.acme.test>", headers.getString("References"));
        assertTrue(sent.getString("providerMessageId").startsWith("re_"));
        assertNotNull(sent.getString("sentAt"));
        assertEquals(1, resend.to(to).size());
    }

    @Test
    void rollbackMakesAnOldVersionCurrentAsANewVersion() {
        String id = createTemplate(admin, "Reminder", "Reminder v1", "<p>one {{name}}</p>");
        Response edited = server.http.patch(TEMPLATES + "/" + id, new JsonObject().put("name", "Reminder").put("subject", "Reminder v2")
                .put("html", "<p>two {{name}}</p>").put("version", 1), admin.accessToken());
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(2, edited.json().getInteger("version"));

        Response rolledBack = server.http.post(TEMPLATES + "/" + id + "/rollback", new JsonObject().put("version", 1), admin.accessToken());
        assertEquals(200, rolledBack.status(), rolledBack::toString);
        assertEquals(3, rolledBack.json().getInteger("version"));
        assertEquals("Reminder v1", rolledBack.json().getString("subject"));
        assertEquals("<p>one {{name}}</p>", rolledBack.json().getString("html"));

        JsonArray versions = server.http.get(TEMPLATES + "/" + id + "/versions", admin.accessToken()).items();
        assertEquals(List.of(3, 2, 1), versions.stream().map(v -> ((JsonObject) v).getInteger("version")).toList());
        Response preview = server.http.post(TEMPLATES + "/" + id + "/preview",
                new JsonObject().put("data", new JsonObject().put("name", "Bo & <Co>")), admin.accessToken());
        assertEquals(200, preview.status(), preview::toString);
        assertEquals("<p>one Bo &amp; &lt;Co&gt;</p>", preview.json().getString("html"));
        assertEquals("Reminder v1", preview.json().getString("subject"));

        assertEquals(404, server.http.post(TEMPLATES + "/" + id + "/rollback", new JsonObject().put("version", 9), admin.accessToken()).status());
        assertEquals(List.of("email_template.created", "email_template.updated", "email_template.rolled_back"), auditActions(id));
    }

    @Test
    void rejectsATemplateThatDoesNotCompileOrReadsFiles() {
        Response unclosed = server.http.post(TEMPLATES, new JsonObject().put("name", "Broken").put("subject", "x")
                .put("html", "{{#items}}never closed"), admin.accessToken());
        assertEquals(400, unclosed.status(), unclosed::toString);
        Response partial = server.http.post(TEMPLATES, new JsonObject().put("name", "Sneaky").put("subject", "x")
                .put("html", "{{> /etc/passwd}}"), admin.accessToken());
        assertEquals(400, partial.status(), partial::toString);
    }

    @Test
    void providerFailuresAreRetriedThenDeadLetteredAndARetriedJobSends() throws Exception {
        String template = createTemplate(admin, "Flaky", "Hi", "<p>hi</p>");
        String to = "flaky-" + UUID.randomUUID() + "@example.test";
        resend.statusFor.put(to, 500);
        Response queued = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", to), admin.accessToken());
        assertEquals(201, queued.status(), queued::toString);
        String id = queued.json().getString("id");
        String jobId = queued.json().getString("jobId");

        JsonObject failed = awaitEmail(admin, id, "failed");
        assertEquals(3, resend.to(to).size(), "tried max attempts times");
        assertTrue(failed.getString("lastError").startsWith("resend answered 500"), failed::toString);
        JsonObject job = server.http.get("/api/v1/jobs/" + jobId, admin.accessToken()).json();
        assertEquals("dead", job.getString("status"));
        assertEquals(3, job.getInteger("attempts"));
        assertTrue(job.getString("lastError").startsWith("resend answered 500"));
        JsonArray dead = server.http.get("/api/v1/jobs?status=dead", admin.accessToken()).items();
        assertTrue(dead.stream().anyMatch(j -> ((JsonObject) j).getString("id").equals(jobId)));

        resend.statusFor.remove(to);
        Response retried = server.http.post("/api/v1/jobs/" + jobId + "/retry", null, admin.accessToken());
        assertEquals(200, retried.status(), retried::toString);
        assertEquals("queued", retried.json().getString("status"));
        assertEquals(0, retried.json().getInteger("attempts"));
        awaitEmail(admin, id, "sent");
        assertEquals(409, server.http.post("/api/v1/jobs/" + jobId + "/retry", null, admin.accessToken()).status(),
                "only dead jobs can be retried");
        assertTrue(auditActions(jobId).contains("job.retried"));
    }

    @Test
    void aRejectedRecipientFailsAtOnce() throws Exception {
        String template = createTemplate(admin, "Rejected", "Hi", "<p>hi</p>");
        String to = "bounce-" + UUID.randomUUID() + "@example.test";
        resend.statusFor.put(to, 422);
        String id = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", to), admin.accessToken())
                .json().getString("id");
        awaitEmail(admin, id, "failed");
        assertEquals(1, resend.to(to).size());
    }

    @Test
    void anotherOrganizationSeesNoneOfItAndNonAdminsAreForbidden() {
        String template = createTemplate(admin, "Private", "Hi", "<p>hi</p>");
        Response email = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template)
                .put("to", "someone@example.test"), admin.accessToken());
        String emailId = email.json().getString("id");
        String jobId = email.json().getString("jobId");
        Account other = server.register("Other Email Org");

        assertEquals(404, server.http.get(TEMPLATES + "/" + template, other.accessToken()).status());
        assertEquals(404, server.http.post(TEMPLATES + "/" + template + "/preview", new JsonObject(), other.accessToken()).status());
        assertEquals(404, server.http.post(TEMPLATES + "/" + template + "/rollback", new JsonObject().put("version", 1), other.accessToken()).status());
        assertEquals(404, server.http.get("/api/v1/emails/" + emailId, other.accessToken()).status());
        assertEquals(404, server.http.get("/api/v1/jobs/" + jobId, other.accessToken()).status());
        assertEquals(404, server.http.post("/api/v1/jobs/" + jobId + "/retry", null, other.accessToken()).status());
        assertEquals(404, server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", "x@example.test"),
                other.accessToken()).status());
        assertEquals(0, server.http.get(TEMPLATES, other.accessToken()).items().size());
        assertEquals(0, server.http.get("/api/v1/emails", other.accessToken()).items().size());
        assertEquals(0, server.http.get("/api/v1/jobs", other.accessToken()).items().size());

        Account agent = server.invite(admin, "agent");
        Account viewer = server.invite(admin, "viewer");
        Account manager = server.invite(admin, "manager");
        Account customer = server.invite(admin, "customer");
        for (Account forbidden : List.of(agent, viewer, customer)) {
            assertEquals(403, server.http.get(TEMPLATES, forbidden.accessToken()).status());
            assertEquals(403, server.http.get("/api/v1/jobs", forbidden.accessToken()).status());
            assertEquals(403, server.http.post("/api/v1/emails", new JsonObject().put("templateId", template)
                    .put("to", "x@example.test"), forbidden.accessToken()).status());
        }
        assertEquals(200, server.http.get(TEMPLATES + "/" + template, manager.accessToken()).status());
    }

    @Test
    void aSendForAnUnknownTemplateLeavesNoJobNoLogEntryAndNoEvent() {
        Account org = server.register("Email Nothing Left");
        Response r = server.http.post("/api/v1/emails", new JsonObject().put("templateId", UUID.randomUUID().toString())
                .put("to", "nobody@example.test"), org.accessToken());
        assertEquals(404, r.status(), r::toString);
        assertEquals(0, count("SELECT count(*) FROM jobs WHERE tenant_id = '" + org.tenantId() + "'"));
        assertEquals(0, count("SELECT count(*) FROM email_log WHERE tenant_id = '" + org.tenantId() + "'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE tenant_id = '" + org.tenantId() + "' AND type LIKE 'email%'"));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE tenant_id = '" + org.tenantId() + "' AND action LIKE 'email%'"));
    }

    @Test
    void templateWritesAndSendsArePublishedAsEventsOfTheirOrganization() {
        Account org = server.register("Email Events");
        String template = createTemplate(org, "Evented", "Hi", "<p>hi</p>");
        String email = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", "ev@example.test"),
                org.accessToken()).json().getString("id");

        JsonObject created = outboxPayload(org, "email_template.created", template);
        assertEquals("email_template", created.getString("entityType"));
        assertEquals(1, created.getJsonObject("after").getInteger("version"));
        JsonObject queued = outboxPayload(org, "email.queued", email);
        assertEquals("queued", queued.getJsonObject("after").getString("status"));
        assertEquals("ev@example.test", queued.getJsonObject("after").getString("to"));
    }

    @Test
    void jobMetricsCountRunsByKindAndOutcome() throws Exception {
        String template = createTemplate(admin, "Metered", "Hi", "<p>hi</p>");
        String id = server.http.post("/api/v1/emails", new JsonObject().put("templateId", template).put("to", "m@example.test"),
                admin.accessToken()).json().getString("id");
        awaitEmail(admin, id, "sent");
        String metrics = server.http.get("/metrics", null).body().toString();
        assertTrue(metrics.contains("switchboard_jobs_runs_total{kind=\"email.send\",outcome=\"succeeded\"}"), metrics);
        assertTrue(metrics.contains("switchboard_jobs_due "), "queue depth gauge");
        assertTrue(metrics.contains("switchboard_jobs_oldest_due_seconds "), "oldest due job gauge");
    }

    private static JsonObject outboxPayload(Account org, String type, String entityId) {
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT payload FROM outbox WHERE tenant_id = '" + org.tenantId() + "' AND type = '" + type
                     + "' AND payload->>'entityId' = '" + entityId + "'")) {
            assertTrue(rs.next(), type + " event for " + entityId);
            return new JsonObject(rs.getString(1));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) {
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String createTemplate(Account account, String name, String subject, String html) {
        Response r = server.http.post(TEMPLATES, new JsonObject().put("name", name + " " + UUID.randomUUID())
                .put("subject", subject).put("html", html), account.accessToken());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static JsonObject awaitEmail(Account account, String id, String status) throws InterruptedException {
        JsonObject[] last = new JsonObject[1];
        waitUntil(Duration.ofSeconds(15), () -> {
            last[0] = server.http.get("/api/v1/emails/" + id, account.accessToken()).json();
            return status.equals(last[0].getString("status"));
        }, () -> "email " + id + " never became " + status + ": " + last[0]);
        return last[0];
    }

    private static List<String> auditActions(String entityId) {
        try (Connection c = TestDatabase.connect(server.db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT action FROM audit_log WHERE entity_id = '" + entityId + "' ORDER BY seq")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitUntil(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(50);
        }
    }
}
