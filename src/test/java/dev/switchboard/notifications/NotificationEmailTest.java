package dev.switchboard.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.email.FakeResend;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** New notifications are emailed through the job queue, honouring each user's per-type email setting and the organization's template. */
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
