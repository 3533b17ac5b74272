package dev.switchboard.fields;

import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list's custom field filter from its query: {@code cf.<key>=value} (equality; for a multi-select, "has this
 * option") and {@code cf.<key>[gte]=} / {@code cf.<key>[lte]=} bounds on number and date fields. Equalities become
 * one JSON containment the GIN index serves; bounds one array the statement checks row by row. It also carries the
 * list's {@link CustomFieldSort}, {@link CustomFieldSort#NONE} unless {@code ?sort=} names a custom field.
 */
public record CustomFieldFilter(JsonObject equals, JsonArray bounds, CustomFieldSort sort) {

    public static final CustomFieldFilter NONE = new CustomFieldFilter(null, null, CustomFieldSort.NONE);
    public static final String PREFIX = "cf.";
    private static final Pattern NAME = Pattern.compile("^cf\\.([a-z][a-z0-9_]{0,39})(?:\\[(gte|lte)])?$");

    /**
     * The predicate on the custom field map {@code column}, taking two parameters from {@code $first}: the containment
     * and the bounds, each null when absent.
     */
    public static String predicate(String column, int first) {
        String a = "$" + first;
        String b = "$" + (first + 1);
        String value = column + " ->> (r->>'key')";
        return "(" + a + "::text IS NULL OR " + column + " @> " + a + "::text::jsonb) AND (" + b + "::text IS NULL OR NOT EXISTS ("
                + "SELECT 1 FROM jsonb_array_elements(" + b + "::text::jsonb) r WHERE NOT coalesce(CASE"
                + " WHEN r->>'type' = 'number' THEN CASE WHEN jsonb_typeof(" + column + " -> (r->>'key')) <> 'number' THEN false"
                + " WHEN r->>'op' = 'gte' THEN (" + value + ")::numeric >= (r->>'value')::numeric"
                + " ELSE (" + value + ")::numeric <= (r->>'value')::numeric END"
                + " WHEN r->>'op' = 'gte' THEN (" + value + ") COLLATE \"C\" >= (r->>'value') COLLATE \"C\""
                + " ELSE (" + value + ") COLLATE \"C\" <= (r->>'value') COLLATE \"C\" END, false)))";
    }

    /** Whether {@code params} name any custom field filter, or {@code page} a custom field order. */
    public static boolean requested(MultiMap params, Pages page) {
        return page.sortField() != null || params.names().stream().anyMatch(n -> n.startsWith(PREFIX));
    }

    /** Whether this filters the list at all (rather than only ordering it). */
    public boolean filters() {
        return equals != null || bounds != null;
    }

    public Tuple bind(Tuple tuple) {
        return tuple.addString(equals == null ? null : equals.encode()).addString(bounds == null ? null : bounds.encode());
    }

    /**
     * Parses the {@code cf.} parameters and {@code page}'s order against the definitions; adds an error per parameter
     * that does not fit.
     */
    static CustomFieldFilter parse(MultiMap params, Pages page, List<CustomFieldDefinition> definitions, List<FieldError> errors) {
        JsonObject eq = new JsonObject();
        JsonArray bounds = new JsonArray();
        for (Map.Entry<String, String> param : params.entries()) {
            String name = param.getKey();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            CustomFieldDefinition d = m.matches() ? CustomFieldValues.find(definitions, m.group(1)) : null;
            if (d == null) {
                errors.add(new FieldError(name.length() > 60 ? name.substring(0, 60) : name, "is not a custom field of this record type"));
                continue;
            }
            Object value = value(d, param.getValue());
            if (value == null) {
                errors.add(new FieldError(name, "does not fit the field's type " + d.type()));
            } else if (m.group(2) == null) {
                eq.put(d.key(), d.type().equals("multi_select") ? new JsonArray().add(value) : value);
            } else if (d.type().equals("number") || d.type().equals("date")) {
                bounds.add(new JsonObject().put("key", d.key()).put("op", m.group(2)).put("type", d.type()).put("value", value.toString()));
            } else {
                errors.add(new FieldError(name, "bounds apply to number and date fields only"));
            }
        }
        return new CustomFieldFilter(eq.isEmpty() ? null : eq, bounds.isEmpty() ? null : bounds,
                CustomFieldSort.parse(page, definitions, errors));
    }

    private static Object value(CustomFieldDefinition d, String raw) {
        String s = raw.trim();
        Object value = switch (d.type()) {
            case "number" -> number(s);
            case "boolean" -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null;
            case "multi_select", "single_select" -> d.options().contains(s) ? s : null;
            default -> s.isEmpty() || s.length() > CustomFieldValues.MAX_TEXT ? null : s;
        };
        boolean shaped = d.type().equals("date") || d.type().equals("user") || d.type().equals("url");
        return shaped && CustomFieldValues.problem(d, value) != null ? null : value;
    }

    private static Object number(String s) {
        try {
            BigDecimal n = new BigDecimal(s);
            return n.abs().compareTo(new BigDecimal("1e15")) > 0 ? null : n.stripTrailingZeros().scale() <= 0 ? (Object) n.longValueExact()
                    : (Object) n.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
