package dev.switchboard.labels;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/** A label's fields as sent: all of them on create, those present on update (the others keep their value). */
record LabelInput(String name, String color, String description, Set<String> present) {

    static final int MAX_NAME = 50;
    static final int MAX_DESCRIPTION = 500;
    private static final Set<String> FIELDS = Set.of("name", "color", "description");

    /** The fields of a new label; every error is collected in {@code v}. */
    static LabelInput create(JsonObject body, Validator v) {
        return new LabelInput(name(body, v), color(body, v), v.optionalString("description", MAX_DESCRIPTION), FIELDS);
    }

    /** The fields of a partial update; a body that names none of them is an error. */
    static LabelInput patch(JsonObject body, Validator v) {
        Set<String> present = new java.util.HashSet<>();
        FIELDS.stream().filter(body::containsKey).forEach(present::add);
        if (present.isEmpty()) {
            v.fail("body", "names no field to change (name, color, description)");
        }
        return new LabelInput(present.contains("name") ? name(body, v) : null, present.contains("color") ? color(body, v) : null,
                v.optionalString("description", MAX_DESCRIPTION), Set.copyOf(present));
    }

    Label applyTo(Label before) {
        return new Label(before.id(), present.contains("name") ? name : before.name(), present.contains("color") ? color : before.color(),
                present.contains("description") ? description : before.description(), before.version(), before.createdAt(),
                before.updatedAt());
    }

    private static String name(JsonObject body, Validator v) {
        return v.requiredString("name", MAX_NAME);
    }

    /** {@code #rrggbb}, stored lower case. */
    private static String color(JsonObject body, Validator v) {
        Object value = body.getValue("color");
        if (!(value instanceof String s) || !s.matches("#[0-9A-Fa-f]{6}")) {
            v.fail("color", "must be a colour as #rrggbb");
            return null;
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
