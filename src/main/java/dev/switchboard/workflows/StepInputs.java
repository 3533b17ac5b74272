package dev.switchboard.workflows;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Resolves an action against a run's input: who {@code assignee} and {@code owner} are, which record the
 * action works on. The result is the step's recorded input, and what a dry run shows.
 */
final class StepInputs {

    private StepInputs() {
    }

    /** The action with its references resolved; nothing is looked up or changed. */
    static JsonObject describe(JsonObject action, JsonObject input) {
        JsonObject out = action.copy();
        out.put("entityType", input.getString("entityType")).put("entityId", input.getString("entityId"));
        switch (action.getString("type")) {
            case "notify" -> {
                JsonArray users = new JsonArray();
                action.getJsonArray("recipients").forEach(r -> {
                    UUID user = user((String) r, input);
                    if (user != null && !users.contains(user.toString())) {
                        users.add(user.toString());
                    }
                });
                out.put("userIds", users);
            }
            case "send_email" -> {
                String to = action.getString("to");
                UUID user = DefinitionParser.RECIPIENTS.contains(to) ? user(to, input) : null;
                out.put("toUserId", user == null ? null : user.toString());
            }
            case "create_task" -> {
                UUID user = action.getString("assignee") == null ? null : user(action.getString("assignee"), input);
                out.put("assigneeUserId", user == null ? null : user.toString());
            }
            default -> {
            }
        }
        return out;
    }

    /** {@code assignee}, {@code owner} or a user id, read from the run's record; null when it names nobody. */
    static UUID user(String ref, JsonObject input) {
        JsonObject record = input.getJsonObject("record", new JsonObject());
        String id = switch (ref) {
            case "assignee" -> first(record.getString("assigneeUserId"), record.getString("ownerUserId"));
            case "owner" -> first(record.getString("ownerUserId"), record.getString("createdBy"));
            default -> ref;
        };
        return id == null ? null : Ids.parse(id);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
