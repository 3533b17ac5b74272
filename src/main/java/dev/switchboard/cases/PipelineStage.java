package dev.switchboard.cases;

import dev.switchboard.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One stage of a pipeline: its key (what cases store), display name, position, whether it ends the
 * case, and the roles allowed to move a case into it (null: anyone who may write the case).
 */
public record PipelineStage(String key, String name, int position, boolean terminal, List<String> setByRoles) {

    /** Admins may set every stage; others only stages without a role list or whose list names their role. */
    public boolean maySet(Role role) {
        return setByRoles == null || role == Role.ADMIN || setByRoles.contains(role.wire());
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("key", key)
                .put("name", name)
                .put("position", position)
                .put("terminal", terminal)
                .put("setByRoles", setByRoles == null ? null : new JsonArray(List.copyOf(setByRoles)));
    }

    static PipelineStage fromJson(JsonObject json, int position) {
        JsonArray roles = json.getJsonArray("setByRoles");
        return new PipelineStage(json.getString("key"), json.getString("name"), position, json.getBoolean("terminal", false),
                roles == null ? null : roles.stream().map(String.class::cast).toList());
    }
}
