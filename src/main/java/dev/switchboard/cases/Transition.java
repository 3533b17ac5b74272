package dev.switchboard.cases;

import io.vertx.core.json.JsonObject;

/** An allowed move between two stages of a pipeline. */
public record Transition(String from, String to) {

    JsonObject toJson() {
        return new JsonObject().put("from", from).put("to", to);
    }

    static Transition fromJson(JsonObject json) {
        return new Transition(json.getString("from"), json.getString("to"));
    }
}
