package dev.switchboard.contacts;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A merge request: the contact to fold into the survivor, and the fields whose value comes from it
 * ({@code takeFromMerged}). Other fields keep the survivor's value, or the merged contact's where the survivor's is
 * empty; tags are joined; custom fields are joined with the survivor's winning unless {@code customFields} is listed.
 */
record DuplicateMergeInput(UUID mergedContactId, Set<String> takeFromMerged) {

    static final Set<String> FIELDS = Set.of("firstName", "lastName", "fullName", "email", "phone", "company", "region",
            "ownerUserId", "teamId", "customFields");

    static DuplicateMergeInput parse(JsonObject body, Validator v) {
        UUID merged = v.optionalUuid("mergedContactId");
        if (merged == null && body.getValue("mergedContactId") == null) {
            v.fail("mergedContactId", "is required");
        }
        List<String> fields = v.stringList("takeFromMerged", FIELDS);
        return new DuplicateMergeInput(merged, Set.copyOf(fields));
    }

    /** The survivor's values after the merge. */
    ContactValues combine(ContactValues survivor, ContactValues merged) {
        boolean names = takeFromMerged.contains("firstName") || takeFromMerged.contains("lastName");
        String fullName = pick("fullName", survivor.fullName(), merged.fullName());
        if (names && !takeFromMerged.contains("fullName")) {
            fullName = null; // derived again from the chosen first and last name
        }
        List<String> tags = new java.util.ArrayList<>(survivor.tags());
        merged.tags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        JsonObject custom = takeFromMerged.contains("customFields")
                ? survivor.customFields().copy().mergeIn(merged.customFields())
                : merged.customFields().copy().mergeIn(survivor.customFields());
        return new ContactValues(pick("firstName", survivor.firstName(), merged.firstName()),
                pick("lastName", survivor.lastName(), merged.lastName()), fullName,
                pick("email", survivor.email(), merged.email()), pick("phone", survivor.phone(), merged.phone()),
                pick("company", survivor.company(), merged.company()), pick("region", survivor.region(), merged.region()),
                tags, pick("ownerUserId", survivor.ownerUserId(), merged.ownerUserId()),
                pick("teamId", survivor.teamId(), merged.teamId()), custom);
    }

    private <T> T pick(String field, T survivor, T merged) {
        if (takeFromMerged.contains(field)) {
            return merged;
        }
        return survivor != null ? survivor : merged;
    }
}
