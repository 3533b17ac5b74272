package dev.switchboard.views;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.UUID;

/**
 * A saved view as written: its name, the list it applies to, the list's query parameters ({@code filters}: names to a
 * string or an array of strings) and sort, and who shares it. On update, absent fields keep their value.
 */
record SavedViewInput(String name, String resourceType, JsonObject filters, String sort, String visibility, UUID teamId,
                      JsonObject given) {

    static final Set<String> RESOURCE_TYPES = Set.of("contacts", "cases", "tasks", "conversations", "appointments", "notes");
    static final Set<String> VISIBILITIES = Set.of("private", "team", "org");
    private static final int MAX_FILTERS = 50;
    private static final int MAX_VALUE_LENGTH = 500;

    /** Parses a create ({@code partial} false: name, resourceType and visibility required) or an update. */
    static SavedViewInput parse(JsonObject body, Validator v, boolean partial) {
        String name = partial && !body.containsKey("name") ? null : v.requiredString("name", 100);
        String resourceType = partial && !body.containsKey("resourceType") ? null : v.oneOf("resourceType", RESOURCE_TYPES);
        String visibility = partial && !body.containsKey("visibility") ? null
                : body.getValue("visibility") == null && !partial ? "private" : v.oneOf("visibility", VISIBILITIES);
        JsonObject filters = filters(body, v);
        String sort = v.optionalString("sort", 64);
        UUID teamId = v.optionalUuid("teamId");
        if (!partial && "team".equals(visibility) && teamId == null) {
            v.fail("teamId", "is required when visibility is team");
        }
        return new SavedViewInput(name, resourceType, filters, sort, visibility, teamId, body);
    }

    boolean has(String field) {
        return given.containsKey(field);
    }

    private static JsonObject filters(JsonObject body, Validator v) {
        Object value = body.getValue("filters");
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject object)) {
            v.fail("filters", "must be an object of query parameters");
            return new JsonObject();
        }
        if (object.size() > MAX_FILTERS) {
            v.fail("filters", "must have at most " + MAX_FILTERS + " parameters");
        }
        for (String key : object.fieldNames()) {
            Object item = object.getValue(key);
            boolean ok = key.length() <= 100 && (item instanceof String s ? s.length() <= MAX_VALUE_LENGTH
                    : item instanceof JsonArray array && array.size() <= MAX_FILTERS
                    && array.stream().allMatch(x -> x instanceof String s && s.length() <= MAX_VALUE_LENGTH));
            if (!ok) {
                v.fail("filters." + key, "must be a string or an array of strings of at most " + MAX_VALUE_LENGTH + " characters");
            }
        }
        return object;
    }
}
