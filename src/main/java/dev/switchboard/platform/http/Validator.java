package dev.switchboard.platform.http;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects every field error of one request body, then fails once with all of them:
 * {@code var v = new Validator(body); String email = v.email("email"); v.check();}.
 */
public final class Validator {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    private final JsonObject body;
    private final List<FieldError> errors = new ArrayList<>();

    public Validator(JsonObject body) {
        this.body = body;
    }

    public String requiredString(String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (!(value instanceof String s)) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        String trimmed = s.trim();
        if (trimmed.isEmpty()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (trimmed.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return trimmed;
    }

    public String optionalString(String field, int maxLength) {
        return body.getValue(field) == null ? null : requiredString(field, maxLength);
    }

    public String email(String field) {
        String value = requiredString(field, 254);
        if (value != null && !EMAIL.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be an email address"));
            return null;
        }
        return value == null ? null : value.toLowerCase();
    }

    /** A password: kept exactly as sent (no trimming), 10 to 256 characters. */
    public String password(String field) {
        Object value = body.getValue(field);
        if (!(value instanceof String s)) {
            errors.add(new FieldError(field, value == null ? "is required" : "must be a string"));
            return null;
        }
        if (s.length() < 10 || s.length() > 256) {
            errors.add(new FieldError(field, "must be 10 to 256 characters"));
            return null;
        }
        return s;
    }

    public String oneOf(String field, Set<String> allowed) {
        String value = requiredString(field, 64);
        if (value != null && !allowed.contains(value)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
            return null;
        }
        return value;
    }

    public List<String> stringList(String field, Set<String> allowed) {
        Object value = body.getValue(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            errors.add(new FieldError(field, "must be an array of strings"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            if (!(item instanceof String s) || (allowed != null && !allowed.contains(s))) {
                errors.add(new FieldError(field, allowed == null ? "item " + i + " must be a string"
                        : "item " + i + " is not a known value"));
                continue;
            }
            out.add(s);
        }
        return out;
    }

    /** A UUID given as {@code value} (a body field, a query parameter, a nested item); null when absent. */
    public java.util.UUID uuid(Object value, String field) {
        java.util.UUID id = value instanceof String s ? dev.switchboard.platform.db.Ids.parse(s) : null;
        if (value != null && id == null) {
            errors.add(new FieldError(field, "must be a UUID"));
        }
        return id;
    }

    /** The body field {@code field} as a UUID; null when absent. */
    public java.util.UUID optionalUuid(String field) {
        return uuid(body.getValue(field), field);
    }

    /** An RFC 3339 timestamp with an offset given as {@code value}, within the years {@link InputRules} allows; null when absent. */
    public java.time.OffsetDateTime timestamp(Object value, String field) {
        if (value == null) {
            return null;
        }
        java.time.OffsetDateTime parsed = value instanceof String s ? InputRules.timestamp(s) : null;
        if (parsed == null) {
            errors.add(new FieldError(field, InputRules.TIMESTAMP_MESSAGE));
        }
        return parsed;
    }

    /** The body field {@code field} as a timestamp, which must be present. */
    public java.time.OffsetDateTime requiredTimestamp(String field) {
        if (body.getValue(field) == null) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return timestamp(body.getValue(field), field);
    }

    /** The body field {@code field} as a boolean, {@code absent} when it is missing or null; anything else is an error. */
    public boolean optionalBoolean(String field, boolean absent) {
        Object value = body.getValue(field);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            errors.add(new FieldError(field, "must be true or false"));
            return absent;
        }
        return b;
    }

    public void fail(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Throws one 400 naming every invalid field, if there was any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
