package dev.switchboard.ai;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a model's answer as one JSON object and checks it against the template's JSON Schema (type, required,
 * properties, additionalProperties false, enum, minLength/maxLength, pattern, minimum/maximum, items, maxItems). The
 * answer may be wrapped in one Markdown code fence; anything else around the object rejects it.
 */
final class OutputSchema {

    /** Why an answer was rejected. */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private OutputSchema() {
    }

    /** The answer as a JSON object that satisfies {@code schema}; fails with {@link Rejected} naming the first problems. */
    static JsonObject parse(String answer, JsonObject schema) {
        String text = answer == null ? "" : answer.trim();
        if (text.startsWith("```") && text.endsWith("```") && text.length() > 6) {
            text = text.substring(text.indexOf('\n') + 1, text.length() - 3).trim();
        }
        JsonObject value;
        try {
            value = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new Rejected("the answer is not a JSON object");
        }
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        if (!problems.isEmpty()) {
            throw new Rejected(String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }
        return value;
    }

    static void check(Object value, JsonObject schema, String path, List<String> problems) {
        Object type = schema.getValue("type");
        List<String> types = type instanceof JsonArray a ? a.stream().map(String::valueOf).toList()
                : type == null ? List.of() : List.of((String) type);
        if (!types.isEmpty() && types.stream().noneMatch(t -> is(value, t))) {
            problems.add(path + " must be " + String.join(" or ", types));
            return;
        }
        JsonArray allowed = schema.getJsonArray("enum");
        if (allowed != null && !allowed.contains(value)) {
            problems.add(path + " must be one of " + allowed.encode());
        }
        if (value instanceof String s) {
            if (s.length() > schema.getInteger("maxLength", Integer.MAX_VALUE) || s.length() < schema.getInteger("minLength", 0)) {
                problems.add(path + " has the wrong length");
            }
            if (schema.getString("pattern") != null && !Pattern.compile(schema.getString("pattern")).matcher(s).find()) {
                problems.add(path + " does not match " + schema.getString("pattern"));
            }
        } else if (value instanceof Number n) {
            double d = n.doubleValue();
            if (schema.getValue("minimum") instanceof Number min && d < min.doubleValue()
                    || schema.getValue("maximum") instanceof Number max && d > max.doubleValue()) {
                problems.add(path + " is out of range");
            }
        } else if (value instanceof JsonArray array) {
            if (array.size() > schema.getInteger("maxItems", Integer.MAX_VALUE)) {
                problems.add(path + " has too many items");
            }
            JsonObject items = schema.getJsonObject("items");
            for (int i = 0; items != null && i < array.size(); i++) {
                check(array.getValue(i), items, path + "[" + i + "]", problems);
            }
        } else if (value instanceof JsonObject object) {
            JsonObject properties = schema.getJsonObject("properties", new JsonObject());
            for (Object required : schema.getJsonArray("required", new JsonArray())) {
                if (!object.containsKey((String) required)) {
                    problems.add(path + "." + required + " is missing");
                }
            }
            for (String field : object.fieldNames()) {
                JsonObject property = properties.getJsonObject(field);
                if (property != null) {
                    check(object.getValue(field), property, path + "." + field, problems);
                } else if (Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
                    problems.add(path + "." + field + " is not expected");
                }
            }
        }
    }

    private static boolean is(Object value, String type) {
        return switch (type) {
            case "null" -> value == null;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "array" -> value instanceof JsonArray;
            case "object" -> value instanceof JsonObject;
            default -> false;
        };
    }
}
