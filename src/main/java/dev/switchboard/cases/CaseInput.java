package dev.switchboard.cases;

import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/** A new case as a client sends it; pipeline, stage, priority and source have defaults. */
public record CaseInput(String title, UUID contactId, UUID pipelineId, String stage, String priority, UUID ownerUserId,
                        UUID ownerQueueId, UUID teamId, String source, JsonObject campaign, JsonObject customFields) {

    /** The fields a body may set (the import's columns of the same names). */
    static final Set<String> FIELDS = Set.of("title", "contactId", "pipelineId", "stage", "priority", "ownerUserId", "ownerQueueId",
            "teamId", "source", "campaign", "customFields");

    static CaseInput parse(JsonObject body) {
        Validator v = new Validator(body);
        CaseInput input = parse(body, v);
        v.check();
        return input;
    }

    /** The input {@code body} asks for, its problems added to {@code v}, which the caller checks. */
    static CaseInput parse(JsonObject body, Validator v) {
        String title = v.requiredString("title", 300);
        UUID contactId = CaseFields.uuid(body, "contactId", v);
        UUID pipelineId = CaseFields.uuid(body, "pipelineId", v);
        String stage = v.optionalString("stage", 40);
        String priority = body.getValue("priority") == null ? "normal" : v.oneOf("priority", Case.PRIORITIES);
        UUID ownerUserId = CaseFields.uuid(body, "ownerUserId", v);
        UUID ownerQueueId = CaseFields.uuid(body, "ownerQueueId", v);
        CaseFields.oneOwner(ownerUserId, ownerQueueId, v);
        UUID teamId = CaseFields.uuid(body, "teamId", v);
        String source = body.getValue("source") == null ? "manual" : v.oneOf("source", Case.SOURCES);
        JsonObject campaign = CaseFields.campaign(body, v);
        JsonObject customFields = CustomFieldService.given(body, v);
        return new CaseInput(title, contactId, pipelineId, stage, priority, ownerUserId, ownerQueueId, teamId, source, campaign,
                customFields);
    }

    /**
     * This input as the import resolved it: links it named by email or name as ids, the stage as a key, and custom field
     * cells typed.
     */
    CaseInput resolved(UUID contactId, UUID pipelineId, String stage, UUID ownerUserId, UUID teamId, JsonObject customFields) {
        return new CaseInput(title, contactId, pipelineId, stage, priority, ownerUserId, ownerQueueId, teamId, source, campaign,
                customFields);
    }
}
