package dev.switchboard.workflows;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a workflow definition strictly: known trigger, condition and action types only, every required
 * setting present and well typed, no unknown keys. Errors name the path, e.g. {@code definition.actions[1].title}.
 */
final class DefinitionParser {

    static final int MAX_CONDITIONS = 20;
    static final int MAX_ACTIONS = 20;
    static final Set<String> OPERATORS = Set.of("equals", "not_equals", "in", "contains", "greater_than", "less_than", "changed_to");
    static final Set<String> RECIPIENTS = Set.of("assignee", "owner");
    static final Set<String> ASSIGN_MODES = Set.of("user", "queue", "round_robin", "least_loaded");
    static final Set<String> UPDATABLE = Set.of("title", "description", "priority", "status");
    static final Set<String> NOTE_VISIBILITY = Set.of("private", "team", "org");

    private static final Pattern FIELD_PATH = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*){0,4}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

    /** The allowed keys of each action type (besides {@code type}). */
    private static final Map<String, Set<String>> ACTION_KEYS = Map.of(
            "send_email", Set.of("templateId", "to"),
            "create_task", Set.of("title", "description", "dueInHours", "assignee", "priority"),
            "assign", Set.of("mode", "userId", "queueId", "userIds"),
            "notify", Set.of("recipients", "title", "body"),
            "update_field", Set.of("field", "value"),
            "add_note", Set.of("body", "visibility"),
            "send_webhook", Set.of("endpointId"));

    private final List<FieldError> errors = new ArrayList<>();

    private DefinitionParser() {
    }

    /** The definition, or the field errors that make it invalid. */
    static Result parse(Object value) {
        DefinitionParser p = new DefinitionParser();
        Definition d = p.definition(value);
        return new Result(p.errors.isEmpty() ? d : null, List.copyOf(p.errors));
    }

    /** A parsed definition, or (when {@code definition} is null) why not. */
    record Result(Definition definition, List<FieldError> errors) {
    }

    private Definition definition(Object value) {
        if (!(value instanceof JsonObject json)) {
            return fail("definition", value == null ? "is required" : "must be an object");
        }
        onlyKeys(json, "definition", Set.of("trigger", "conditions", "actions"));
        JsonObject trigger = trigger(json.getValue("trigger"));
        List<JsonObject> conditions = list(json.getValue("conditions"), "definition.conditions", MAX_CONDITIONS, false, this::condition);
        List<JsonObject> actions = list(json.getValue("actions"), "definition.actions", MAX_ACTIONS, true, this::action);
        return new Definition(trigger, conditions, actions);
    }

    private JsonObject trigger(Object value) {
        String path = "definition.trigger";
        if (!(value instanceof JsonObject t)) {
            return fail(path, value == null ? "is required" : "must be an object");
        }
        String type = t.getValue("type") instanceof String s ? s : null;
        if (type == null || !(Triggers.EVENTS.contains(type) || Triggers.isClock(type))) {
            return fail(path + ".type", "must be one of " + String.join(", ", sorted(union(Triggers.EVENTS, Triggers.CLOCK))));
        }
        switch (type) {
            case Triggers.APPOINTMENT_UPCOMING -> {
                onlyKeys(t, path, Set.of("type", "offsetMinutes"));
                Object offsets = t.getValue("offsetMinutes");
                if (offsets != null && (!(offsets instanceof JsonArray a) || a.isEmpty() || a.size() > 10
                        || !a.stream().allMatch(o -> o instanceof Integer i && i >= 0 && i <= 525_600))) {
                    fail(path + ".offsetMinutes", "must be a list of 1 to 10 minute counts from 0 to 525600");
                }
            }
            case Triggers.TASK_DUE -> {
                onlyKeys(t, path, Set.of("type", "minutesBefore"));
                optionalInt(t, path, "minutesBefore", 0, 10_080);
            }
            case Triggers.TASK_OVERDUE -> {
                onlyKeys(t, path, Set.of("type", "minutesAfter"));
                optionalInt(t, path, "minutesAfter", 0, 10_080);
            }
            case Triggers.INACTIVITY -> {
                onlyKeys(t, path, Set.of("type", "entityType", "hours"));
                if (!(t.getValue("entityType") instanceof String e) || !Triggers.INACTIVITY_TYPES.contains(e)) {
                    fail(path + ".entityType", "must be one of " + String.join(", ", sorted(Triggers.INACTIVITY_TYPES)));
                }
                requiredInt(t, path, "hours", 1, 8_760);
            }
            case Triggers.SCHEDULE -> {
                onlyKeys(t, path, Set.of("type", "cron"));
                String problem = t.getValue("cron") instanceof String cron ? CronSchedule.problem(cron) : "is required";
                if (problem != null) {
                    fail(path + ".cron", problem);
                }
            }
            default -> onlyKeys(t, path, Set.of("type"));
        }
        return t.copy();
    }

    private JsonObject condition(JsonObject c, String path) {
        onlyKeys(c, path, Set.of("field", "op", "value"));
        if (!(c.getValue("field") instanceof String f) || !FIELD_PATH.matcher(f).matches()) {
            fail(path + ".field", "must be a field path such as after.priority");
        }
        String op = c.getValue("op") instanceof String s ? s : null;
        if (op == null || !OPERATORS.contains(op)) {
            return fail(path + ".op", "must be one of " + String.join(", ", sorted(OPERATORS)));
        }
        Object value = c.getValue("value");
        boolean ok = switch (op) {
            case "in" -> value instanceof JsonArray a && !a.isEmpty() && a.size() <= 100 && a.stream().allMatch(DefinitionParser::scalar);
            case "greater_than", "less_than" -> value instanceof Number || value instanceof String;
            default -> value != null && scalar(value);
        };
        if (!ok) {
            fail(path + ".value", switch (op) {
                case "in" -> "must be a list of 1 to 100 strings, numbers or booleans";
                case "greater_than", "less_than" -> "must be a number or a string";
                default -> "must be a string, number or boolean";
            });
        }
        return c.copy();
    }

    private JsonObject action(JsonObject a, String path) {
        String type = a.getValue("type") instanceof String s ? s : null;
        if (type == null || !ACTION_KEYS.containsKey(type)) {
            return fail(path + ".type", "must be one of " + String.join(", ", sorted(ACTION_KEYS.keySet())));
        }
        onlyKeys(a, path, union(ACTION_KEYS.get(type), Set.of("type")));
        switch (type) {
            case "send_email" -> {
                uuid(a, path, "templateId", true);
                Object to = a.getValue("to");
                if (!(to instanceof String s) || !(RECIPIENTS.contains(s) || EMAIL.matcher(s).matches())) {
                    fail(path + ".to", "must be assignee, owner or an email address");
                }
            }
            case "create_task" -> {
                string(a, path, "title", 200, true);
                string(a, path, "description", 10_000, false);
                optionalInt(a, path, "dueInHours", 0, 8_760);
                recipient(a.getValue("assignee"), path + ".assignee", false);
                if (a.getValue("priority") != null && !Set.of("low", "normal", "high", "urgent").contains(a.getValue("priority"))) {
                    fail(path + ".priority", "must be one of high, low, normal, urgent");
                }
            }
            case "assign" -> assign(a, path);
            case "notify" -> {
                Object recipients = a.getValue("recipients");
                if (!(recipients instanceof JsonArray r) || r.isEmpty() || r.size() > 50) {
                    fail(path + ".recipients", "must be a list of 1 to 50 recipients (assignee, owner or user ids)");
                } else {
                    for (int i = 0; i < r.size(); i++) {
                        recipient(r.getValue(i), path + ".recipients[" + i + "]", true);
                    }
                }
                string(a, path, "title", 300, true);
                string(a, path, "body", 1000, false);
            }
            case "update_field" -> {
                if (!(a.getValue("field") instanceof String f) || !UPDATABLE.contains(f)) {
                    fail(path + ".field", "must be one of " + String.join(", ", sorted(UPDATABLE)));
                }
                if (!(a.getValue("value") instanceof String s) || s.isBlank() || s.length() > 200) {
                    fail(path + ".value", "must be a string of 1 to 200 characters");
                }
            }
            case "add_note" -> {
                string(a, path, "body", 10_000, true);
                if (a.getValue("visibility") != null && !NOTE_VISIBILITY.contains(a.getValue("visibility"))) {
                    fail(path + ".visibility", "must be one of org, private, team");
                }
            }
            default -> uuid(a, path, "endpointId", true);
        }
        return a.copy();
    }

    private void assign(JsonObject a, String path) {
        String mode = a.getValue("mode") instanceof String s && ASSIGN_MODES.contains(s) ? s : null;
        if (mode == null) {
            fail(path + ".mode", "must be one of least_loaded, queue, round_robin, user");
            return;
        }
        switch (mode) {
            case "user" -> uuid(a, path, "userId", true);
            case "queue" -> uuid(a, path, "queueId", true);
            default -> {
                Object users = a.getValue("userIds");
                if (!(users instanceof JsonArray u) || u.isEmpty() || u.size() > 100
                        || !u.stream().allMatch(o -> o instanceof String s && Ids.parse(s) != null)) {
                    fail(path + ".userIds", "must be a list of 1 to 100 user ids");
                }
            }
        }
    }

    private void recipient(Object value, String path, boolean required) {
        if (value == null && !required) {
            return;
        }
        if (!(value instanceof String s) || !(RECIPIENTS.contains(s) || Ids.parse(s) != null)) {
            fail(path, "must be assignee, owner or a user id");
        }
    }

    private List<JsonObject> list(Object value, String path, int max, boolean required, Item item) {
        if (value == null && !required) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || (required && array.isEmpty()) || array.size() > max) {
            fail(path, "must be a list of " + (required ? 1 : 0) + " to " + max + " objects");
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            if (array.getValue(i) instanceof JsonObject o) {
                out.add(item.check(o, at));
            } else {
                fail(at, "must be an object");
            }
        }
        return out;
    }

    private interface Item {
        JsonObject check(JsonObject item, String path);
    }

    private void onlyKeys(JsonObject json, String path, Set<String> allowed) {
        json.fieldNames().stream().filter(k -> !allowed.contains(k)).sorted()
                .forEach(k -> fail(path + "." + k, "is not a known setting"));
    }

    private void string(JsonObject json, String path, String key, int max, boolean required) {
        Object v = json.getValue(key);
        if (v == null && !required) {
            return;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > max) {
            fail(path + "." + key, "must be a string of 1 to " + max + " characters");
        }
    }

    private void uuid(JsonObject json, String path, String key, boolean required) {
        Object v = json.getValue(key);
        if ((v != null || required) && !(v instanceof String s && Ids.parse(s) != null)) {
            fail(path + "." + key, "must be a UUID");
        }
    }

    private void optionalInt(JsonObject json, String path, String key, int min, int max) {
        if (json.getValue(key) != null) {
            requiredInt(json, path, key, min, max);
        }
    }

    private void requiredInt(JsonObject json, String path, String key, int min, int max) {
        if (!(json.getValue(key) instanceof Integer i) || i < min || i > max) {
            fail(path + "." + key, "must be an integer from " + min + " to " + max);
        }
    }

    private static boolean scalar(Object o) {
        return o instanceof String || o instanceof Number || o instanceof Boolean;
    }

    private <T> T fail(String field, String message) {
        errors.add(new FieldError(field, message));
        return null;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
