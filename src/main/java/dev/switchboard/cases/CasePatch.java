package dev.switchboard.cases;

import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/**
 * A partial update: only the fields present change ({@code null} clears a clearable field). Giving
 * {@code ownerUserId} or {@code ownerQueueId} reassigns the case to exactly that owner.
 */
public record CasePatch(Set<String> fields, String title, UUID contactId, String priority, UUID teamId, UUID ownerUserId,
                        UUID ownerQueueId, JsonObject customFields) {

    static final Set<String> CHANGEABLE = Set.of("title", "contactId", "priority", "teamId", "ownerUserId", "ownerQueueId",
            "customFields");

    static CasePatch parse(JsonObject body) {
        Validator v = new Validator(body);
        for (String field : body.fieldNames()) {
            if (!CHANGEABLE.contains(field) && !"version".equals(field)) {
                v.fail(field, field.equals("stage") ? "change the stage with POST /api/v1/cases/{id}/status" : "cannot be changed");
            }
        }
        String title = body.containsKey("title") ? v.requiredString("title", 300) : null;
        String priority = body.containsKey("priority") ? v.oneOf("priority", Case.PRIORITIES) : null;
        UUID contactId = CaseFields.uuid(body, "contactId", v);
        UUID teamId = CaseFields.uuid(body, "teamId", v);
        UUID ownerUserId = CaseFields.uuid(body, "ownerUserId", v);
        UUID ownerQueueId = CaseFields.uuid(body, "ownerQueueId", v);
        CaseFields.oneOwner(ownerUserId, ownerQueueId, v);
        JsonObject customFields = CustomFieldService.given(body, v);
        v.check();
        Set<String> present = Set.copyOf(body.fieldNames().stream().filter(CHANGEABLE::contains).toList());
        return new CasePatch(present, title, contactId, priority, teamId, ownerUserId, ownerQueueId, customFields);
    }

    boolean reassigns() {
        return fields.contains("ownerUserId") || fields.contains("ownerQueueId");
    }

    /** The team and contact to check before writing: only new, non-null links. */
    UUID newTeamId() {
        return fields.contains("teamId") ? teamId : null;
    }

    UUID newContactId() {
        return fields.contains("contactId") ? contactId : null;
    }

    Case applyTo(Case c) {
        Case changed = c.withDetails(fields.contains("title") ? title : c.title(),
                fields.contains("contactId") ? contactId : c.contactId(),
                fields.contains("priority") ? priority : c.priority(),
                fields.contains("teamId") ? teamId : c.teamId());
        return reassigns() ? changed.withOwner(ownerUserId, ownerQueueId) : changed;
    }

    /** True when something besides the owner changes. */
    boolean changesDetails() {
        return fields.stream().anyMatch(f -> !f.startsWith("owner"));
    }
}
