package dev.switchboard.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which events the timeline consumer may skip: exactly those whose projection writes nothing. */
class TimelineRulesTest {

    private static final UUID TENANT = UUID.randomUUID();

    @Test
    void aTaskEventOnNoRecordIsSkippedAndEveryOtherIsNot() {
        String task = UUID.randomUUID().toString();
        String kase = UUID.randomUUID().toString();
        String contact = UUID.randomUUID().toString();
        JsonObject loose = new JsonObject().put("title", "Order ladders").put("caseId", null).put("contactId", null);

        for (String type : new String[] {"task.created", "task.updated", "task.assigned", "task.completed", "task.commented"}) {
            EventEnvelope onNothing = event(type, task, null, loose);
            assertFalse(TimelineRules.mayProject(onNothing), type);
            assertTrue(TimelineRules.project(onNothing, null).targets().isEmpty(), type + " would have written nothing");
            assertTrue(TimelineRules.mayProject(event(type, task, null, loose.copy().put("caseId", kase))), type + " on a case");
            assertTrue(TimelineRules.mayProject(event(type, task, null, loose.copy().put("contactId", contact))), type + " with a contact");
        }
        assertTrue(TimelineRules.mayProject(event("task.updated", task, loose.copy().put("caseId", kase), loose.copy().put("caseId", kase))));
        assertTrue(TimelineRules.mayProject(event("task.deleted", task, loose, null)),
                "a deletion removes whatever earlier events wrote, so it always runs");
        assertTrue(TimelineRules.mayProject(event("note.created", UUID.randomUUID().toString(), null,
                new JsonObject().put("entityType", "case").put("entityId", kase).put("visibility", "org"))));
        assertEquals(2, TimelineRules.project(event("task.created", task, null, loose.copy().put("caseId", kase).put("contactId", contact)),
                null).targets().size(), "a task on a case with a contact lands on both");
    }

    private static EventEnvelope event(String type, String id, JsonObject before, JsonObject after) {
        JsonObject data = new JsonObject().put("entityType", "task").put("entityId", id);
        if (before != null) {
            data.put("before", before);
        }
        if (after != null) {
            data.put("after", after);
        }
        return EventEnvelope.create(TENANT, Actor.SYSTEM, "request", type, data);
    }
}
