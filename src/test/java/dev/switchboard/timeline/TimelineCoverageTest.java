package dev.switchboard.timeline;

import static dev.switchboard.timeline.TimelineFixtures.hasSummary;
import static dev.switchboard.timeline.TimelineFixtures.summaries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.conversations.ConversationFixtures;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Entry types beyond the record features' own writes: leads, email delivery reports and workflow runs, published in the
 * shape their features emit them, and appointments and conversations linked to a case.
 */
class TimelineCoverageTest {

    private static TestServer server;
    private static TimelineFixtures fx;
    private static ConversationFixtures conversations;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        fx = new TimelineFixtures(server);
        conversations = new ConversationFixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void leadsDeliveryReportsAndWorkflowRunsAppearOnTheirRecordsAndTheContact() throws Exception {
        Account admin = server.register("Timeline Coverage");
        Account agent = server.invite(admin, "agent");
        String contact = fx.contact(admin);
        String caseId = fx.caseFor(admin, contact, "Spring lead");
        String conversation = fx.created(admin, "/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Re: invoice").put("contactId", contact));
        conversations.message(admin, conversation, "inbound", "where is it?");
        String message = conversations.message(admin, conversation, "outbound", "attached").getString("id");
        fx.await(admin, "contact", contact, hasSummary("Email queued: Re: invoice"));

        publish(admin, "lead.received", new JsonObject().put("entityType", "case").put("entityId", caseId)
                .put("after", new JsonObject().put("caseId", caseId).put("contactId", contact).put("pageId", "p-1")
                        .put("formId", "f-1").put("formName", "Spring offer").put("adId", "a-1").put("source", "meta")));
        JsonObject delivery = new JsonObject().put("conversationId", conversation).put("contactId", contact);
        publish(admin, "email.delivered", new JsonObject().put("entityType", "message").put("entityId", message)
                .put("after", delivery.copy().put("deliveryStatus", "delivered")));
        publish(admin, "email.bounced", new JsonObject().put("entityType", "message").put("entityId", message)
                .put("after", delivery.copy().put("deliveryStatus", "bounced")));
        publish(admin, "workflow.run_completed", new JsonObject().put("entityType", "workflow_run").put("entityId", UUID.randomUUID().toString())
                .put("workflowId", UUID.randomUUID().toString()).put("workflowName", "Welcome")
                .put("record", new JsonObject().put("type", "case").put("id", caseId)).put("status", "succeeded")
                .put("summary", "created task Call back"));

        List<String> onCase = summaries(fx.await(admin, "case", caseId, hasSummary("Workflow Welcome ran: created task Call back")));
        assertTrue(onCase.contains("Lead received from Meta form Spring offer"), onCase::toString);
        JsonArray onContact = fx.await(admin, "contact", contact, hasSummary("Workflow Welcome ran: created task Call back"));
        assertTrue(summaries(onContact).containsAll(List.of("Lead received from Meta form Spring offer", "Email received: Re: invoice",
                "Email delivered: Re: invoice", "Email bounced: Re: invoice")), () -> summaries(onContact).toString());
        List<String> onConversation = summaries(fx.await(admin, "conversation", conversation, hasSummary("Email bounced: Re: invoice")));
        assertTrue(onConversation.contains("Email delivered: Re: invoice"), onConversation::toString);

        assertEquals(404, fx.page(agent, "case", caseId, "").status(), "the agent may not read the admin's case at all");
        assertEquals(List.of(), fx.page(admin, "contact", contact, "types=lead,workflow,email").items().stream()
                .map(JsonObject.class::cast).filter(e -> e.getJsonObject("data").isEmpty()).toList(), "every entry carries its data");
    }

    @Test
    void appointmentsAndConversationsLinkedToACaseAppearOnTheCaseAndItsContact() throws Exception {
        Account admin = server.register("Timeline Links");
        String contact = fx.contact(admin);
        String caseId = fx.caseFor(admin, contact, "Linked");
        fx.created(admin, "/api/v1/appointments", new JsonObject().put("title", "Kick-off")
                .put("startsAt", "2031-03-10T10:00:00Z").put("endsAt", "2031-03-10T11:00:00Z").put("timezone", "UTC")
                .put("links", new JsonArray().add(new JsonObject().put("entityType", "case").put("entityId", caseId))));
        assertTrue(summaries(fx.await(admin, "case", caseId, hasSummary("Meeting scheduled: Kick-off"))).contains("Meeting scheduled: Kick-off"));
        fx.await(admin, "contact", contact, hasSummary("Meeting scheduled: Kick-off"));

        // a conversation that names its case (the shape conversation events take once conversations link to cases)
        JsonObject created = conversations.create(admin, new JsonObject().put("channel", "email").put("subject", "Contract")
                .put("contactId", contact));
        String conversation = created.getString("id");
        fx.await(admin, "conversation", conversation, hasSummary("Conversation started: Contract")); // its own events came first
        publish(admin, "conversation.updated", new JsonObject().put("entityType", "conversation").put("entityId", conversation)
                .put("after", new JsonObject().put("channel", "email").put("subject", "Contract").put("contactId", contact)
                        .put("caseId", caseId).put("status", "open")));
        fx.await(admin, "conversation", conversation, hasSummary("Conversation updated"));
        conversations.message(admin, conversation, "inbound", "signed copy attached");
        List<String> onCase = summaries(fx.await(admin, "case", caseId, hasSummary("Email received: Contract")));
        assertFalse(onCase.contains("Conversation started: Contract"), "the case shows the conversation's messages, not its own history");
    }

    private static void publish(Account owner, String type, JsonObject data) throws Exception {
        UUID tenant = UUID.fromString(owner.tenantId());
        EventEnvelope e = EventEnvelope.create(tenant, Actor.SYSTEM, "test", type, data);
        Outbox outbox = new Outbox(server.app.vertx());
        new Db(server.app.pool()).inTenant(tenant, conn -> outbox.append(conn, e))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
