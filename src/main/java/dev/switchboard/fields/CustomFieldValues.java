package dev.switchboard.fields;

import dev.switchboard.platform.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks custom field values against an organization's definitions for one record type: the one rule every write of
 * those records goes through. Errors name {@code customFields.<key>}. User values are only checked for shape here;
 * {@link #userIds} lists them for the caller to check against the organization.
 */
final class CustomFieldValues {

    static final int MAX_TEXT = 2000;
    static final int MAX_URL = 2000;

    private CustomFieldValues() {
    }

    /**
     * The map to store: {@code current} (null on create) with {@code given} applied (a null value removes a key), and
     * on create the defaults of fields not given. Adds an error for an unknown or archived key, a value of the wrong
     * type or option, and, when {@code enforceRequired}, an active required field left without a value.
     */
    static JsonObject apply(List<CustomFieldDefinition> definitions, JsonObject current, JsonObject given, boolean enforceRequired,
                            List<FieldError> errors) {
        boolean create = current == null;
        JsonObject out = create ? new JsonObject() : current.copy();
        for (String key : given.fieldNames()) {
            CustomFieldDefinition d = find(definitions, key);
            String field = "customFields." + key;
            if (d == null) {
                errors.add(new FieldError(field, "is not a custom field of this record type"));
                continue;
            }
            if (d.archived()) {
                errors.add(new FieldError(field, "is archived and takes no new values"));
                continue;
            }
            Object value = given.getValue(key);
            if (value == null) {
                out.remove(key);
                continue;
            }
            String problem = problem(d, value);
            if (problem != null) {
                errors.add(new FieldError(field, problem));
                continue;
            }
            out.put(key, value instanceof JsonArray array ? new JsonArray(List.copyOf(new java.util.LinkedHashSet<>(array.getList())))
                    : value instanceof String s && !d.type().equals("text") ? s.trim() : value);
        }
        if (create) {
            fillDefaults(definitions, given, out);
        }
        for (CustomFieldDefinition d : definitions) {
            if (d.archived()) {
                continue;
            }
            // on update only clearing counts: records written before the field became required stay writable
            boolean missing = given.containsKey(d.key()) ? given.getValue(d.key()) == null : create && out.getValue(d.key()) == null;
            if (enforceRequired && d.required() && missing) {
                errors.add(new FieldError("customFields." + d.key(), "is required"));
            }
        }
        return out;
    }

    /** Puts into {@code out} the default of every active field that {@code given} has no key for. */
    static JsonObject fillDefaults(List<CustomFieldDefinition> definitions, JsonObject given, JsonObject out) {
        for (CustomFieldDefinition d : definitions) {
            if (!d.archived() && d.defaultValue() != null && !given.containsKey(d.key())) {
                out.put(d.key(), d.defaultValue());
            }
        }
        return out;
    }

    /** Why {@code value} does not fit {@code d}, or null when it does. */
    static String problem(CustomFieldDefinition d, Object value) {
        return switch (d.type()) {
            case "text" -> value instanceof String s && !s.isBlank() && s.length() <= MAX_TEXT ? null
                    : "must be a non-blank string of at most " + MAX_TEXT + " characters";
            case "number" -> value instanceof Number n && Double.isFinite(n.doubleValue()) ? null : "must be a number";
            case "boolean" -> value instanceof Boolean ? null : "must be true or false";
            case "date" -> value instanceof String s && date(s) ? null : "must be a date (YYYY-MM-DD)";
            case "single_select" -> value instanceof String s && d.options().contains(s) ? null : "must be one of " + options(d);
            case "multi_select" -> value instanceof JsonArray a && a.stream().allMatch(x -> x instanceof String s && d.options().contains(s))
                    ? null : "must be an array of values from " + options(d);
            case "user" -> value instanceof String s && uuid(s) != null ? null : "must be the id of a user of the organization";
            case "url" -> value instanceof String s && url(s) ? null : "must be an http or https URL";
            default -> "has an unknown type";
        };
    }

    /** The user ids that {@code given} sets on user fields (already well-formed). */
    static Set<UUID> userIds(List<CustomFieldDefinition> definitions, JsonObject given) {
        Set<UUID> out = new HashSet<>();
        for (CustomFieldDefinition d : definitions) {
            if (d.type().equals("user") && given.getValue(d.key()) instanceof String s && uuid(s) != null) {
                out.add(uuid(s));
            }
        }
        return out;
    }

    static CustomFieldDefinition find(List<CustomFieldDefinition> definitions, String key) {
        return definitions.stream().filter(d -> d.key().equals(key)).findFirst().orElse(null);
    }

    static boolean date(String s) {
        try {
            LocalDate.parse(s);
            return s.length() == 10;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static UUID uuid(String s) {
        return dev.switchboard.platform.db.Ids.parse(s.trim());
    }

    private static boolean url(String s) {
        if (s.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(s.trim());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String options(CustomFieldDefinition d) {
        return String.join(", ", d.options());
    }
}
