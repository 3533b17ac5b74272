package dev.switchboard.contacts;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A contact as a client sent it, checked for types and sizes: the values, and which fields the body
 * named (an update changes only those; an explicit null clears one). Phone and region are raw here;
 * {@link ContactNormalizer} normalises them once the region a phone number belongs to is known.
 */
record ContactInput(ContactValues values, Set<String> present) {

    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 50;
    static final Set<String> FIELDS = Set.of("firstName", "lastName", "fullName", "email", "phone", "company",
            "region", "tags", "ownerUserId", "teamId", "customFields");

    /** Parses the body; every problem is collected into {@code v} (the caller calls {@code v.check()}). */
    static ContactInput parse(JsonObject body, Validator v) {
        Set<String> present = new LinkedHashSet<>();
        FIELDS.forEach(f -> {
            if (body.containsKey(f)) {
                present.add(f);
            }
        });
        String email = body.getValue("email") == null ? null : v.email("email");
        ContactValues values = new ContactValues(v.optionalString("firstName", 100), v.optionalString("lastName", 100),
                v.optionalString("fullName", 200), email, v.optionalString("phone", 40), v.optionalString("company", 200),
                v.optionalString("region", 60), tags(body, v), id(body, v, "ownerUserId"), id(body, v, "teamId"),
                customFields(body, v));
        return new ContactInput(values, Set.copyOf(present));
    }

    boolean has(String field) {
        return present.contains(field);
    }

    private static List<String> tags(JsonObject body, Validator v) {
        List<String> tags = new ArrayList<>();
        for (String tag : v.stringList("tags", null)) {
            String trimmed = tag.trim();
            if (trimmed.isEmpty() || trimmed.length() > MAX_TAG_LENGTH) {
                v.fail("tags", "each tag must be 1 to " + MAX_TAG_LENGTH + " characters");
            } else if (!tags.contains(trimmed)) {
                tags.add(trimmed);
            }
        }
        if (tags.size() > MAX_TAGS) {
            v.fail("tags", "at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(tags);
    }

    private static UUID id(JsonObject body, Validator v, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        UUID id = value instanceof String s ? Ids.parse(s) : null;
        if (id == null) {
            v.fail(field, "must be a UUID");
        }
        return id;
    }

    private static JsonObject customFields(JsonObject body, Validator v) {
        JsonObject given = CustomFieldService.given(body, v);
        return given == null ? new JsonObject() : given;
    }
}
