package dev.switchboard.platform.http;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON request body once, within limits, and answers what is wrong in plain words: never the
 * parser's own message. A parsed body holds no NUL character and no half of a surrogate pair in any key or string,
 * and is nested at most {@link #MAX_DEPTH} levels.
 */
public final class JsonInput {

    public static final int MAX_DEPTH = 32;
    private static final int MAX_ERRORS = 20;

    private JsonInput() {
    }

    /** The body as a JSON object, or a 400 naming {@code body} (or the offending field). */
    public static JsonObject object(Buffer buffer) {
        if (firstNonBlank(buffer) != '{') {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        JsonObject object;
        try {
            object = parse(buffer);
        } catch (DecodeException | IllegalStateException e) {
            throw malformed(e);
        }
        FieldErrors errors = new FieldErrors();
        check(object, "", 1, errors);
        errors.throwIfAny();
        return object;
    }

    /**
     * Parses as {@code new JsonObject(buffer)} does, but refuses a field named twice in one object: parsers disagree on
     * which of the two counts (here the last would, silently), so a body that says both means neither.
     */
    private static JsonObject parse(Buffer buffer) {
        com.fasterxml.jackson.core.JsonParser parser =
                io.vertx.core.json.jackson.DatabindCodec.createParser((io.vertx.core.internal.buffer.BufferInternal) buffer);
        parser.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = io.vertx.core.json.jackson.DatabindCodec.fromParser(parser, Map.class);
        return new JsonObject(map);
    }

    /** Collects field errors up to a bound, so a huge array of bad items answers a short problem. */
    static final class FieldErrors {
        final java.util.ArrayList<FieldError> list = new java.util.ArrayList<>();

        void add(String field, String message) {
            if (list.size() < MAX_ERRORS) {
                list.add(new FieldError(field.isEmpty() ? "body" : field, message));
            }
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw ApiException.invalid(List.copyOf(list));
            }
        }
    }

    private static void check(Object value, String path, int depth, FieldErrors errors) {
        if (value instanceof JsonObject object) {
            if (depth > MAX_DEPTH) {
                errors.add(path, "is nested too deeply (at most " + MAX_DEPTH + " levels)");
                return;
            }
            for (Map.Entry<String, Object> entry : object) {
                String key = entry.getKey();
                String problem = InputRules.textProblem(key);
                if (problem != null) {
                    errors.add(join(path, "?"), "has a name that " + problem);
                    continue;
                }
                String field = join(path, key);
                check(entry.getValue(), field, depth + 1, errors);
            }
        } else if (value instanceof JsonArray array) {
            if (depth > MAX_DEPTH) {
                errors.add(path, "is nested too deeply (at most " + MAX_DEPTH + " levels)");
                return;
            }
            for (int i = 0; i < array.size(); i++) {
                check(array.getValue(i), path + "[" + i + "]", depth + 1, errors);
            }
        } else if (value instanceof String s && InputRules.textProblem(s) != null) {
            errors.add(path, InputRules.textProblem(s));
        }
    }

    /**
     * Whether every key and string in {@code json}, at any depth, can be stored as text ({@link InputRules#textProblem}):
     * for bodies that are stored as received, whatever their nesting.
     */
    public static boolean storable(Object json) {
        if (json instanceof String s) {
            return InputRules.textProblem(s) == null;
        }
        if (json instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                if (!storable(entry.getKey()) || !storable(entry.getValue())) {
                    return false;
                }
            }
        } else if (json instanceof JsonArray array) {
            for (Object item : array) {
                if (!storable(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A 400 that says what kind of problem the body has, without the parser's words. */
    private static ApiException malformed(RuntimeException e) {
        String internal = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : " " + e.getCause().getMessage());
        String message;
        if (internal.contains("Duplicate field")) {
            message = "names a field twice in one object";
        } else if (internal.contains("nesting depth")) {
            message = "is nested too deeply (at most " + MAX_DEPTH + " levels)";
        } else if (internal.contains("UTF-8") || internal.contains("UTF8") || internal.contains("surrogate")) {
            message = "is not valid UTF-8";
        } else if (internal.contains("String value length") || internal.contains("Number value length")
                || internal.contains("Name length") || internal.contains("exceeds the maximum")) {
            message = "holds a value longer than the server accepts";
        } else {
            message = "is not valid JSON";
        }
        return new ApiException(400, "malformed-json", "Malformed JSON", "the request body " + message,
                List.of(new FieldError("body", message)), Map.of());
    }

    private static char firstNonBlank(Buffer buffer) {
        for (int i = 0; i < buffer.length(); i++) {
            char c = (char) buffer.getByte(i);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }
}
