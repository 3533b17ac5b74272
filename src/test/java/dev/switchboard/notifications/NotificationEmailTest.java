package dev.switchboard.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.email.FakeResend;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New notifications are emailed through the job queue, honouring each user's per-type email setting and the
 * organization's template; they and account emails show in the organization's send log.
 */
class NotificationEmailTest {

    private static FakeResend resend;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        resend = new FakeResend();
        server = TestServer.start(Map.of("SWITCHBOARD_RESEND_BASE_URL", resend.baseUrl(), "SWITCHBOARD_RESEND_API_KEY", "re_notify_key",
                "SWITCHBOARD_EMAIL_FROM", "Acme <notify@acme.test>"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        resend.close();
    }

    @Test
    void aNewNotificationIsEmailedUnlessItsUserTurnedEmailOffForItsType() {
        Account admin = server.register("Notify Email");
        Account agent = server.invite(admin, "agent");
        assign(admin, agent, "Prepare quote");
        Eventually.await(() -> notificationEmails(agent).size() == 1, Duration.ofSeconds(20), "the notification email");
        FakeResend.Received email = notificationEmails(agent).get(0);
        assertEquals("A task was assigned to you", email.body().getString("subject"));
        assertEquals("<p>A task was assigned to you</p><p>Prepare quote</p>", email.body().getString("html"));

        Response off = server.http.put("/api/v1/notifications/settings",
                new JsonObject().put("task_assigned", new JsonObject().put("email", false)), agent.accessToken());
        assertEquals(200, off.status(), off::toString);
        assign(admin, agent, "Second task");
        Eventually.await(() -> server.http.get("/api/v1/notifications", agent.accessToken()).items().stream()
                .anyMatch(n -> "Second task".equals(((JsonObject) n).getString("body"))), Duration.ofSeconds(20), "the in-app notification");
        server.awaitEventsApplied();
        assertEquals(1, TestDatabase.queryLong(server.db, "SELECT count(*) FROM jobs WHERE tenant_id = ?::uuid AND kind = 'notification.email'",
                admin.tenantId()), "no email queued once the user turned email off");
        assertEquals(1, notificationEmails(agent).size());
    }

    @Test
    void theOrganizationsOwnTemplateShapesTheEmail() {
        Account admin = server.register("Notify Template");
        Account agent = server.invite(admin, "agent");
        Response template = server.http.post("/api/v1/email-templates", new JsonObject().put("name", "Notification")
                .put("subject", "[Acme] {{notification.title}}").put("html", "<p>Hi {{user.fullName}}: {{notification.body}}</p>"),
                admin.accessToken());
        assertEquals(201, template.status(), template::toString);
        assign(admin, agent, "Call <Ada>");
        Eventually.await(() -> notificationEmails(agent).size() == 1, Duration.ofSeconds(20), "the notification email");
        JsonObject body = notificationEmails(agent).get(0).body();
        assertEquals("[Acme] A task was assigned to you", body.getString("subject"));
        assertEquals("<p>Hi Invited agent: Call &lt;Ada&gt;</p>", body.getString("html"));
    }

    @Test
    void accountAndNotificationEmailsJoinTheOrganizationsSendLogWithoutTheirContent() {
        Account admin = server.register("Notify Log");
        Account agent = server.invite(admin, "agent");
        Response reset = server.http.post("/api/v1/auth/password-reset", new JsonObject().put("email", agent.email()), null);
        assertEquals(202, reset.status(), reset::toString);
        assign(admin, agent, "Logged task");

        Eventually.await(() -> sentTo(admin, agent).size() == 3, Duration.ofSeconds(20), "three sent emails in the log");
        List<JsonObject> logged = sentTo(admin, agent);
        assertEquals(Set.of("invite", "password_reset", "notification"), logged.stream().map(e -> e.getString("kind")).collect(Collectors.toSet()));
        Set<String> providerIds = resend.to(agent.email()).stream().map(FakeResend.Received::answeredId).collect(Collectors.toSet());
        for (JsonObject email : logged) {
            assertNull(email.getValue("templateId"), email::encode);
            assertTrue(providerIds.contains(email.getString("providerMessageId")), email::encode);
            assertNotNull(email.getString("subject"), email::encode);
        }
        String listed = server.http.get("/api/v1/emails?limit=100", admin.accessToken()).body().toString();
        assertFalse(listed.contains("token"), "an account email's token never reaches the log: " + listed);

        Account neighbour = server.register("Notify Log Neighbour");
        assertEquals(List.of(), sentTo(neighbour, agent), "another organization's log does not show them");
    }

    /** The sent emails to {@code user} in {@code admin}'s organization's send log. */
    private static List<JsonObject> sentTo(Account admin, Account user) {
        return server.http.get("/api/v1/emails?limit=100", admin.accessToken()).items().stream().map(e -> (JsonObject) e)
                .filter(e -> user.email().equals(e.getString("to")) && "sent".equals(e.getString("status"))).toList();
    }

    /** The notification emails sent to {@code user} (the invite that made them an agent was emailed too). */
    private static java.util.List<FakeResend.Received> notificationEmails(Account user) {
        return resend.to(user.email()).stream().filter(e -> e.idempotencyKey() != null && e.idempotencyKey().startsWith("notification/"))
                .toList();
    }

    private static void assign(Account admin, Account agent, String title) {
        Response task = server.http.post("/api/v1/tasks", new JsonObject().put("title", title).put("assigneeUserId", agent.userId()),
                admin.accessToken());
        assertEquals(201, task.status(), task::toString);
    }
}
