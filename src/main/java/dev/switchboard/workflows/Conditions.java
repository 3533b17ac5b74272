package dev.switchboard.workflows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evaluates conditions over a run's input ({@code event, entityType, entityId, before, after, record, trigger}).
 * A field is a dotted path into the input ({@code after.priority}); {@code changed_to} names a record field
 * ({@code status}) and holds when {@code before} differed and {@code after} equals the value. Numbers compare
 * as numbers, anything else as text; a missing field fails every operator but {@code not_equals}.
 */
final class Conditions {

    private Conditions() {
    }

    /** One condition's outcome, for dry runs and run history. */
    record Outcome(JsonObject condition, Object actual, boolean passed) {
        JsonObject toJson() {
            return condition.copy().put("actual", actual).put("passed", passed);
        }
    }

    static List<Outcome> evaluate(List<JsonObject> conditions, JsonObject input) {
        List<Outcome> out = new ArrayList<>();
        for (JsonObject c : conditions) {
            String op = c.getString("op");
            String field = c.getString("field");
            Object expected = c.getValue("value");
            if ("changed_to".equals(op)) {
                Object before = read(input, "before." + field);
                Object after = read(input, "after." + field);
                out.add(new Outcome(c, after, same(after, expected) && !same(before, expected)));
                continue;
            }
            Object actual = read(input, field);
            out.add(new Outcome(c, actual, test(op, actual, expected)));
        }
        return out;
    }

    static boolean all(List<Outcome> outcomes) {
        return outcomes.stream().allMatch(Outcome::passed);
    }

    private static boolean test(String op, Object actual, Object expected) {
        return switch (op) {
            case "equals" -> same(actual, expected);
            case "not_equals" -> !same(actual, expected);
            case "in" -> ((JsonArray) expected).stream().anyMatch(e -> same(actual, e));
            case "contains" -> contains(actual, expected);
            case "greater_than" -> compare(actual, expected) > 0;
            case "less_than" -> actual != null && compare(actual, expected) < 0;
            default -> false;
        };
    }

    private static boolean contains(Object actual, Object expected) {
        if (actual instanceof JsonArray array) {
            return array.stream().anyMatch(e -> same(e, expected));
        }
        return actual instanceof String s && expected != null && s.toLowerCase().contains(expected.toString().toLowerCase());
    }

    /** Numbers by value, everything else by text; missing values sort first. */
    private static int compare(Object actual, Object expected) {
        if (actual == null) {
            return -1;
        }
        if (actual instanceof Number a && expected instanceof Number e) {
            return Double.compare(a.doubleValue(), e.doubleValue());
        }
        return actual.toString().compareTo(expected.toString());
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }

    /** The value at a dotted {@code path} of {@code input}, or null. */
    static Object read(JsonObject input, String path) {
        Object current = input;
        for (String part : path.split("\\.")) {
            if (!(current instanceof JsonObject json)) {
                return null;
            }
            current = json.getValue(part);
        }
        return current;
    }
}
