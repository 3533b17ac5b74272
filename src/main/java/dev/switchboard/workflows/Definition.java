package dev.switchboard.workflows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A checked workflow definition: its trigger (type and settings), its conditions (all must hold) and its
 * ordered actions. Built only by {@link DefinitionParser}, so every instance is valid.
 */
record Definition(JsonObject trigger, List<JsonObject> conditions, List<JsonObject> actions) {

    String triggerType() {
        return trigger.getString("type");
    }

    JsonObject toJson() {
        return new JsonObject().put("trigger", trigger.copy()).put("conditions", new JsonArray(List.copyOf(conditions)).copy())
                .put("actions", new JsonArray(List.copyOf(actions)).copy());
    }

    static Definition fromJson(JsonObject json) {
        return new Definition(json.getJsonObject("trigger"), objects(json.getJsonArray("conditions")),
                objects(json.getJsonArray("actions")));
    }

    private static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(o -> (JsonObject) o).toList();
    }
}
