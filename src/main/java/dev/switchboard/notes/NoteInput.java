package dev.switchboard.notes;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A note's writable fields as a client sent them, checked for types and sizes; on update, null for
 * each field the body does not name. The body is raw HTML here; the service sanitises it.
 */
record NoteInput(String body, NoteVisibility visibility, UUID teamId, boolean teamIdSent, Boolean pinned) {

    static final int MAX_BODY = 100_000;

    static NoteInput parse(JsonObject body, Validator v, boolean create) {
        String html = create || body.containsKey("body") ? v.requiredString("body", MAX_BODY) : null;
        String visibility = body.getValue("visibility") == null ? null : v.oneOf("visibility", NoteVisibility.NAMES);
        return new NoteInput(html, visibility == null ? null : NoteVisibility.fromWire(visibility),
                uuid(body, v, "teamId"), body.containsKey("teamId"), bool(body, v, "pinned"));
    }

    static UUID uuid(JsonObject body, Validator v, String field) {
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

    private static Boolean bool(JsonObject body, Validator v, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            v.fail(field, "must be true or false");
            return null;
        }
        return (Boolean) value;
    }
}
