package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a value against the part of a JSON Schema that the served OpenAPI document uses for inputs:
 * {@code type} (with {@code null}), formats {@code uuid}, {@code date-time} and {@code cursor} (a page cursor this
 * server issued), {@code minimum}/{@code maximum},
 * {@code maxItems}, {@code properties}, {@code items}, {@code allOf} and {@code oneOf}/{@code anyOf}: what a
 * handler needs to read a body safely. A body's required properties, value sets, lengths and patterns are the
 * endpoint's to check, so that one answer names every field that breaks them alongside its own rules. Query and
 * header values arrive as text and are read as the type they declare, with their value sets and lengths; an array
 * parameter is a comma-separated list of its items. Formats an endpoint defines for its own parameters are checked
 * by the functions it gives ({@link Endpoint#queryFormats()}).
 */
final class SchemaCheck {

    private final JsonObject document;
    private final Map<String, Function<String, String>> formats;

    SchemaCheck(JsonObject document, Map<String, Function<String, String>> formats) {
        this.document = document;
        this.formats = Map.copyOf(formats);
    }

    /** Checks a JSON value (from a parsed body) at {@code path}. */
    void json(Object value, JsonObject schema, String path, JsonInput.FieldErrors errors) {
        schema = resolve(schema);
        if (schema.containsKey("allOf")) {
            for (Object part : schema.getJsonArray("allOf")) {
                json(value, (JsonObject) part, path, errors);
            }
        }
        JsonArray alternatives = schema.getJsonArray("oneOf", schema.getJsonArray("anyOf"));
        if (alternatives != null) {
            alternatives(value, alternatives, path, errors);
        }
        if (value == null) {
            return; // whether a field may be absent or cleared is the endpoint's rule
        }
        List<String> types = types(schema);
        if (!types.isEmpty() && types.stream().noneMatch(t -> isType(value, t))) {
            errors.add(path, "must be " + describe(types));
            return;
        }
        if (value instanceof String s) {
            format(s, schema.getString("format"), path, errors);
        } else if (value instanceof Number n) {
            range(new BigDecimal(n.toString()), schema, path, errors);
        } else if (value instanceof JsonObject object) {
            JsonObject properties = schema.getJsonObject("properties");
            if (properties != null) {
                for (String name : properties.fieldNames()) {
                    if (object.containsKey(name)) {
                        json(object.getValue(name), properties.getJsonObject(name), JsonInput.join(path, name), errors);
                    }
                }
            }
        } else if (value instanceof JsonArray array) {
            Integer maxItems = schema.getInteger("maxItems");
            if (maxItems != null && array.size() > maxItems) {
                errors.add(path, "must have at most " + maxItems + " items");
                return;
            }
            JsonObject items = schema.getJsonObject("items");
            if (items != null) {
                for (int i = 0; i < array.size(); i++) {
                    json(array.getValue(i), items, path + "[" + i + "]", errors);
                }
            }
        }
    }

    /**
     * The rules a body's schema declares for its top-level fields beyond their types (required, value sets, lengths),
     * for fields not in {@code errors} yet. The endpoint checks these itself; the input boundary adds them when it
     * refuses a body for its types, so that one answer still names every invalid field.
     */
    void declaredRules(JsonObject body, JsonObject schema, JsonInput.FieldErrors errors) {
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        collect(resolve(schema), properties, required);
        java.util.Set<String> reported = new java.util.HashSet<>();
        errors.list.forEach(e -> reported.add(e.field().split("[.\\[]", 2)[0]));
        for (Object name : required) {
            if (!reported.contains(name) && body.getValue((String) name) == null) {
                errors.add((String) name, "is required");
                reported.add((String) name);
            }
        }
        for (String name : properties.fieldNames()) {
            Object value = body.getValue(name);
            JsonObject property = resolve(properties.getJsonObject(name));
            if (reported.contains(name) || !(value instanceof String s)) {
                continue;
            }
            if ((property.containsKey("enum") || property.containsKey("const")) && !allowed(s, property)) {
                errors.add(name, "must be one of " + choices(property));
            } else if (property.getInteger("maxLength") != null && s.length() > property.getInteger("maxLength")) {
                errors.add(name, "must be at most " + property.getInteger("maxLength") + " characters");
            }
        }
    }

    /**
     * A partial update (JSON merge patch: {@code null} clears a field) that clears a field which must have a value: the
     * field is named as an error, rather than the null being read as "leave it as it is".
     */
    void notCleared(JsonObject body, JsonObject schema, JsonInput.FieldErrors errors) {
        JsonObject properties = new JsonObject();
        collect(resolve(schema), properties, new JsonArray());
        for (String name : properties.fieldNames()) {
            if (body.containsKey(name) && body.getValue(name) == null && !allowsNull(resolve(properties.getJsonObject(name)))) {
                errors.add(name, "cannot be cleared: it must have a value");
            }
        }
    }

    private boolean allowsNull(JsonObject property) {
        if (property == null) {
            return true;
        }
        List<String> types = types(property);
        if (types.contains("null")) {
            return true;
        }
        JsonArray alternatives = property.getJsonArray("oneOf", property.getJsonArray("anyOf"));
        if (alternatives != null) {
            return alternatives.stream().anyMatch(a -> a instanceof JsonObject alternative && allowsNull(resolve(alternative)));
        }
        JsonArray parts = property.getJsonArray("allOf");
        if (parts != null) {
            return parts.stream().allMatch(p -> p instanceof JsonObject part && allowsNull(resolve(part)));
        }
        return types.isEmpty();
    }

    private void collect(JsonObject schema, JsonObject properties, JsonArray required) {
        for (Object part : schema.getJsonArray("allOf", new JsonArray())) {
            collect(resolve((JsonObject) part), properties, required);
        }
        properties.mergeIn(schema.getJsonObject("properties", new JsonObject()));
        schema.getJsonArray("required", new JsonArray()).forEach(required::add);
    }

    /** Checks one query or header value, given as text, against the type its parameter declares. */
    void text(String value, JsonObject schema, String name, JsonInput.FieldErrors errors) {
        if (InputRules.hasNul(value)) {
            errors.add(name, InputRules.NUL_MESSAGE);
            return;
        }
        schema = resolve(schema);
        List<String> types = types(schema);
        String type = types.stream().filter(t -> !t.equals("null")).findFirst().orElse("string");
        switch (type) {
            case "integer", "number" -> {
                BigDecimal number;
                try {
                    number = value.length() > 20 ? null : new BigDecimal(value);
                } catch (NumberFormatException e) {
                    number = null;
                }
                if (number == null || type.equals("integer") && number.stripTrailingZeros().scale() > 0) {
                    errors.add(name, "must be " + describe(List.of(type)) + bounds(schema));
                    return;
                }
                range(number, schema, name, errors);
            }
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    errors.add(name, "must be true or false");
                }
            }
            case "array" -> {
                JsonObject items = resolve(schema.getJsonObject("items", new JsonObject()));
                for (String item : value.split(",", -1)) {
                    JsonInput.FieldErrors itemErrors = new JsonInput.FieldErrors();
                    text(item.strip(), items, name, itemErrors);
                    if (!itemErrors.isEmpty()) {
                        errors.add(name, items.containsKey("enum") ? "must be a comma-separated list of " + choices(items)
                                : itemErrors.list.get(0).message());
                        return;
                    }
                }
            }
            default -> {
                if (!allowed(value, schema)) {
                    errors.add(name, "must be one of " + choices(schema));
                    return;
                }
                Integer max = schema.getInteger("maxLength");
                Integer min = schema.getInteger("minLength");
                if (max != null && value.length() > max || min != null && value.length() < min) {
                    errors.add(name, "must be " + (min == null ? 0 : min) + " to " + (max == null ? "any number of" : max) + " characters");
                    return;
                }
                format(value, schema.getString("format"), name, errors);
            }
        }
    }

    private void alternatives(Object value, JsonArray alternatives, String path, JsonInput.FieldErrors errors) {
        JsonInput.FieldErrors fewest = null;
        for (Object alternative : alternatives) {
            JsonInput.FieldErrors attempt = new JsonInput.FieldErrors();
            json(value, (JsonObject) alternative, path, attempt);
            if (attempt.isEmpty()) {
                return;
            }
            if (fewest == null || attempt.list.size() < fewest.list.size()) {
                fewest = attempt;
            }
        }
        if (fewest != null) {
            fewest.list.forEach(e -> errors.add(e.field(), e.message()));
        }
    }

    private void format(String value, String format, String path, JsonInput.FieldErrors errors) {
        Function<String, String> own = format == null ? null : formats.get(format);
        if (own != null) {
            String problem = own.apply(value);
            if (problem != null) {
                errors.add(path, problem);
            }
            return;
        }
        if ("date-time".equals(format) && InputRules.timestamp(value) == null) {
            errors.add(path, InputRules.TIMESTAMP_MESSAGE);
        } else if ("uuid".equals(format) && Ids.parse(value) == null) {
            errors.add(path, "must be a UUID");
        } else if ("cursor".equals(format) && !value.isEmpty() && Pages.after(value) == null) {
            errors.add(path, Pages.CURSOR_MESSAGE);
        }
    }

    private static void range(BigDecimal number, JsonObject schema, String path, JsonInput.FieldErrors errors) {
        Number min = (Number) schema.getValue("minimum");
        Number max = (Number) schema.getValue("maximum");
        boolean below = min != null && number.compareTo(new BigDecimal(min.toString())) < 0;
        boolean above = max != null && number.compareTo(new BigDecimal(max.toString())) > 0;
        if (below || above) {
            errors.add(path, "must be" + bounds(schema));
        }
    }

    private static String bounds(JsonObject schema) {
        Object min = schema.getValue("minimum");
        Object max = schema.getValue("maximum");
        return min != null && max != null ? " from " + min + " to " + max
                : min != null ? " at least " + min
                : max != null ? " at most " + max : "";
    }

    private static boolean isType(Object value, String type) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "number" -> value instanceof Number n && !(n instanceof Double d && (d.isInfinite() || d.isNaN()));
            // an integer the server can hold: within the range of a 32-bit int
            case "integer" -> value instanceof Integer || value instanceof Short || value instanceof Byte
                    || value instanceof Long l && l == l.intValue()
                    || value instanceof BigInteger b && b.bitLength() < 32;
            case "null" -> false;
            default -> true;
        };
    }

    private static boolean allowed(Object value, JsonObject schema) {
        if (schema.containsKey("const")) {
            return schema.getValue("const").equals(value);
        }
        JsonArray choices = schema.getJsonArray("enum");
        return choices == null || choices.contains(value);
    }

    private static String choices(JsonObject schema) {
        if (schema.containsKey("const")) {
            return String.valueOf(schema.getValue("const"));
        }
        return String.join(", ", schema.getJsonArray("enum").stream().filter(java.util.Objects::nonNull).map(String::valueOf).toList());
    }

    private static List<String> types(JsonObject schema) {
        Object type = schema.getValue("type");
        if (type instanceof String s) {
            return List.of(s);
        }
        if (type instanceof JsonArray array) {
            return array.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String describe(List<String> types) {
        List<String> named = types.size() > 1 ? types.stream().filter(t -> !t.equals("null")).toList() : types;
        return String.join(" or ", named.stream().map(t -> switch (t) {
            case "integer" -> "an integer";
            case "object" -> "an object";
            case "array" -> "an array";
            case "null" -> "null";
            default -> "a " + t;
        }).toList());
    }

    /** Follows {@code $ref}s within the document. */
    JsonObject resolve(JsonObject schema) {
        JsonObject current = schema;
        for (int hops = 0; current != null && current.containsKey("$ref") && hops < 16; hops++) {
            JsonObject target = document;
            for (String part : current.getString("$ref").substring(2).split("/")) {
                target = target == null ? null : target.getJsonObject(part);
            }
            current = target;
        }
        return current == null ? new JsonObject() : current;
    }
}
