package dev.switchboard.fields;

import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A definition as written. On create: recordType, key, label and type (options for selects); on update only the
 * label, options, required flag, default, position and archived may change; absent fields keep their value.
 */
record CustomFieldInput(String recordType, String key, String label, String type, List<String> options, Boolean required,
                        Object defaultValue, Integer position, Boolean archived, JsonObject given) {

    static final Set<String> RECORD_TYPES = Set.of("contact", "case", "task", "conversation");
    static final Set<String> TYPES = Set.of("text", "number", "date", "boolean", "single_select", "multi_select", "user", "url");
    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    private static final int MAX_OPTIONS = 200;

    static CustomFieldInput create(JsonObject body, Validator v) {
        String recordType = v.oneOf("recordType", RECORD_TYPES);
        String key = v.requiredString("key", 40);
        if (key != null && !KEY.matcher(key).matches()) {
            v.fail("key", "must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 40)");
        }
        String type = v.oneOf("type", TYPES);
        return common(body, v, true, recordType, key, type);
    }

    static CustomFieldInput update(JsonObject body, Validator v) {
        for (String immutable : List.of("recordType", "key", "type")) {
            if (body.containsKey(immutable)) {
                v.fail(immutable, "cannot change; archive the field and define a new one");
            }
        }
        return common(body, v, false, null, null, null);
    }

    private static CustomFieldInput common(JsonObject body, Validator v, boolean create, String recordType, String key, String type) {
        String label = create || body.containsKey("label") ? v.requiredString("label", 100) : null;
        List<String> options = body.containsKey("options") ? options(body, v) : null;
        Boolean required = body.containsKey("required") ? v.optionalBoolean("required", false) : null;
        Integer position = null;
        if (body.getValue("position") != null) {
            position = body.getValue("position") instanceof Integer i && i >= 0 && i <= 10_000 ? i : null;
            if (position == null) {
                v.fail("position", "must be an integer from 0 to 10000");
            }
        }
        Boolean archived = body.containsKey("archived") ? v.optionalBoolean("archived", false) : null;
        return new CustomFieldInput(recordType, key, label, type, options, required, body.getValue("default"), position, archived, body);
    }

    boolean has(String field) {
        return given.containsKey(field);
    }

    private static List<String> options(JsonObject body, Validator v) {
        Object value = body.getValue("options");
        if (!(value instanceof JsonArray array) || array.size() > MAX_OPTIONS) {
            v.fail("options", "must be an array of at most " + MAX_OPTIONS + " strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || s.isBlank() || s.length() > 100) {
                v.fail("options", "each option is a non-blank string of at most 100 characters");
                return List.of();
            }
            if (!out.contains(s.trim())) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** Checks a whole definition (after an update is applied): selects need options, the default must fit the type. */
    static void checkDefinition(CustomFieldDefinition d, List<FieldError> errors) {
        boolean select = d.type().endsWith("_select");
        if (select && d.options().isEmpty()) {
            errors.add(new FieldError("options", "a select field needs at least one option"));
        }
        if (!select && !d.options().isEmpty()) {
            errors.add(new FieldError("options", "only select fields take options"));
        }
        if (d.defaultValue() != null) {
            if (d.type().equals("user")) {
                errors.add(new FieldError("default", "a user field takes no default"));
            } else {
                String problem = CustomFieldValues.problem(d, d.defaultValue());
                if (problem != null) {
                    errors.add(new FieldError("default", problem));
                }
            }
        }
    }
}
