package dev.switchboard.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A portal customer reading their own contact's timeline sees only what is meant for them: the messages of their
 * conversations and the appointments they attend, with only the fields meant for them. Every internal entry type
 * (each tested on its own below) is hidden, while staff see it on the same timeline.
 */
class PortalTimelineTest {

    private static TestServer server;
    private static TimelineFixtures fx;
    private static Account admin;
    private static Account customer;
    private static String contact;
    private static JsonArray asStaff;
    private static JsonArray asCustomer;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        fx = new TimelineFixtures(server);
        ConversationFixtures conversations = new ConversationFixtures(server);
        admin = server.register("Portal Timeline");
        customer = server.invite(admin, "customer");
        contact = server.linkCustomer(admin, customer).toString();

        ok(server.http.patch("/api/v1/contacts/" + contact, new JsonObject().put("company", "Acme").put("version", 1), admin.accessToken()));
        ok(server.http.post("/api/v1/contacts/" + contact + "/archive", null, admin.accessToken()));
        ok(server.http.post("/api/v1/contacts/" + contact + "/restore", null, admin.accessToken()));
        Account agent = server.invite(admin, "agent");
        String caseId = fx.caseFor(admin, contact, "Roof repair");
        ok(server.http.post("/api/v1/cases/" + caseId + "/status", new JsonObject().put("stage", "qualified").put("reason", "internal margin"),
                admin.accessToken()));
        ok(server.http.patch("/api/v1/cases/" + caseId, new JsonObject().put("ownerUserId", agent.userId()), admin.accessToken()));
        ok(server.http.patch("/api/v1/cases/" + caseId, new JsonObject().put("title", "Roof repair (priority)"), admin.accessToken()));
        ok(server.http.post("/api/v1/cases/" + caseId + "/archive", null, admin.accessToken()));
        ok(server.http.post("/api/v1/cases/" + caseId + "/restore", null, admin.accessToken()));
        String note = fx.note(admin, "contact", contact, "pays late", "org");
        ok(server.http.patch("/api/v1/notes/" + note, new JsonObject().put("body", "<p>pays very late</p>"), admin.accessToken()));
        String task = fx.created(admin, "/api/v1/tasks", new JsonObject().put("title", "Call about margin").put("caseId", caseId));
        ok(server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("assigneeUserId", agent.userId()), admin.accessToken()));
        ok(server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("title", "Call about the margin"), admin.accessToken()));
        ok(server.http.post("/api/v1/tasks/" + task + "/comments", new JsonObject().put("body", "they will push back"), admin.accessToken()));
        ok(server.http.patch("/api/v1/tasks/" + task, new JsonObject().put("status", "done"), admin.accessToken()));
        // an internal meeting about the case, which the customer does not attend
        fx.created(admin, "/api/v1/appointments", new JsonObject().put("title", "Pricing strategy")
                .put("startsAt", "2031-03-11T10:00:00Z").put("endsAt", "2031-03-11T11:00:00Z").put("timezone", "UTC")
                .put("links", new JsonArray().add(new JsonObject().put("entityType", "case").put("entityId", caseId))));
        fx.appointment(admin, "Site visit", contact);

        String conversation = conversations.create(admin, new JsonObject().put("channel", "web_chat").put("subject", "Quote")
                .put("contactId", contact)).getString("id");
        conversations.message(admin, conversation, "inbound", "how much?");
        String reply = conversations.message(admin, conversation, "outbound", "about 2000").getString("id");
        conversations.message(admin, conversation, "internal_note", "quote them 2500");
        ok(server.http.post("/api/v1/conversations/" + conversation + "/messages/" + reply + "/delivery",
                new JsonObject().put("status", "delivered"), admin.accessToken()));
        ok(server.http.patch("/api/v1/conversations/" + conversation, new JsonObject().put("assigneeUserId", agent.userId()),
                admin.accessToken()));
        ok(server.http.patch("/api/v1/conversations/" + conversation, new JsonObject().put("status", "pending"), admin.accessToken()));
        ok(server.http.patch("/api/v1/conversations/" + conversation, new JsonObject().put("priority", "high"), admin.accessToken()));

        // entries other features emit, in the shape they emit them
        publish("case.handoff_accepted", caseEvent(caseId));
        publish("case.handoff_denied", caseEvent(caseId));
        JsonObject delivery = new JsonObject().put("conversationId", conversation).put("contactId", contact);
        publish("email.delivered", new JsonObject().put("entityType", "message").put("entityId", reply)
                .put("after", delivery.copy().put("deliveryStatus", "delivered")));
        publish("lead.received", new JsonObject().put("entityType", "case").put("entityId", caseId)
                .put("after", new JsonObject().put("caseId", caseId).put("contactId", contact).put("formName", "Spring offer")));
        for (String outcome : List.of("workflow.run_completed", "workflow.run_failed")) {
            publish(outcome, new JsonObject().put("entityType", "workflow_run").put("entityId", UUID.randomUUID().toString())
                    .put("workflowId", UUID.randomUUID().toString()).put("workflowName", "Upsell").put("contactId", contact)
                    .put("record", new JsonObject().put("type", "case").put("id", caseId)).put("status", "succeeded"));
        }

        server.awaitEventsApplied();
        asStaff = new JsonArray(fx.all(admin, "contact", contact, 100));
        asCustomer = new JsonArray(fx.all(customer, "contact", contact, 100));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"contact.created", "contact.updated", "contact.archived", "contact.restored",
            "case.created", "case.status_changed", "case.assigned", "case.updated", "case.archived", "case.restored",
            "case.handoff_accepted", "case.handoff_denied", "note.created", "note.updated",
            "task.created", "task.assigned", "task.updated", "task.commented", "task.completed",
            "conversation.created", "conversation.assigned", "conversation.status_changed", "conversation.updated",
            "message.noted", "message.delivery_updated", "email.delivered", "lead.received",
            "workflow.run_completed", "workflow.run_failed"})
    void hidesTheInternalEntryTypeFromTheCustomer(String type) {
        assertTrue(types(asStaff).contains(type), () -> "staff see " + type + " on the timeline: " + types(asStaff));
        assertFalse(types(asCustomer).contains(type), () -> "the customer never sees " + type);
    }

    @Test
    void hidesAnAppointmentTheCustomerDoesNotAttend() {
        assertTrue(summaries(asStaff).contains("Meeting scheduled: Pricing strategy"), summaries(asStaff)::toString);
        assertFalse(asCustomer.encode().contains("Pricing strategy"));
        assertEquals(1, asCustomer.stream().map(JsonObject.class::cast).filter(e -> e.getString("type").startsWith("appointment.")).count(),
                "not even as a busy block");
    }

    @Test
    void showsTheCustomersOwnMessagesAndAppointmentsWithOnlyTheirFields() {
        assertEquals(Set.of("message.received", "message.sent", "appointment.created"), Set.copyOf(types(asCustomer)));
        assertTrue(summaries(asCustomer).containsAll(List.of("Message received", "Message sent", "Meeting scheduled: Site visit")),
                summaries(asCustomer)::toString);
        for (Object o : asCustomer) {
            JsonObject data = ((JsonObject) o).getJsonObject("data");
            assertFalse(data.containsKey("assigneeUserId") || data.containsKey("teamId") || data.containsKey("ownerUserId")
                    || data.containsKey("attendeeUserIds") || data.containsKey("links"), data::encode);
        }
        JsonObject visit = asCustomer.stream().map(JsonObject.class::cast).filter(e -> e.getString("type").equals("appointment.created"))
                .findFirst().orElseThrow();
        assertEquals("Site visit", visit.getJsonObject("data").getString("title"));
        assertEquals("2031-03-10T10:00:00Z", visit.getJsonObject("data").getString("startsAt"));
        assertFalse(asCustomer.encode().contains("quote them"), "never an internal comment's text");
    }

    private static JsonObject caseEvent(String caseId) {
        return new JsonObject().put("entityType", "case").put("entityId", caseId)
                .put("after", new JsonObject().put("contactId", contact).put("title", "Roof repair"));
    }

    private static void ok(Response r) {
        assertTrue(r.status() / 100 == 2, r::toString);
    }

    private static List<String> types(JsonArray entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(((JsonObject) e).getString("type")));
        return out;
    }

    private static List<String> summaries(JsonArray entries) {
        return TimelineFixtures.summaries(entries);
    }

    private static void publish(String type, JsonObject data) throws Exception {
        UUID tenant = UUID.fromString(admin.tenantId());
        EventEnvelope e = EventEnvelope.create(tenant, Actor.SYSTEM, "test", type, data);
        new Db(server.app.pool()).inTenant(tenant, conn -> new Outbox(server.app.vertx()).append(conn, e))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
