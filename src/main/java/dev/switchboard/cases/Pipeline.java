package dev.switchboard.cases;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A tenant's pipeline: ordered stages and the moves allowed between them ({@code transitions} null:
 * any move, except out of a terminal stage).
 */
public record Pipeline(UUID id, String name, boolean isDefault, List<PipelineStage> stages, List<Transition> transitions,
                       int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String COLUMNS = "p.id, p.name, p.is_default, p.stages, p.transitions, p.version, p.created_at, p.updated_at";

    static final Function<Row, Pipeline> FROM_ROW = row -> new Pipeline(row.getUUID("id"), row.getString("name"),
            row.getBoolean("is_default"), stagesOf((JsonArray) row.getValue("stages")),
            transitionsOf((JsonArray) row.getValue("transitions")), row.getInteger("version"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));

    public Optional<PipelineStage> stage(String key) {
        return stages.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** Why a case may not move from {@code from} to {@code to}, or null when it may. */
    public String refusal(String from, String to) {
        if (stage(to).isEmpty()) {
            return "stage " + to + " is not a stage of pipeline " + name;
        }
        if (to.equals(from)) {
            return "the case is already in stage " + to;
        }
        if (transitions == null) {
            return stage(from).map(PipelineStage::terminal).orElse(false) ? "stage " + from + " is terminal" : null;
        }
        return transitions.contains(new Transition(from, to)) ? null
                : "pipeline " + name + " does not allow moving from " + from + " to " + to;
    }

    /** The first stage, where new cases start. */
    public PipelineStage firstStage() {
        return stages.get(0);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("isDefault", isDefault)
                .put("stages", stagesJson(stages))
                .put("transitions", transitionsJson(transitions))
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    JsonObject auditView() {
        return new JsonObject().put("name", name).put("isDefault", isDefault)
                .put("stages", new JsonArray(stages.stream().map(PipelineStage::key).toList()));
    }

    /** Stages as stored: the position is the array index. */
    static JsonArray stagesJson(List<PipelineStage> stages) {
        JsonArray out = new JsonArray();
        stages.forEach(s -> out.add(s.toJson()));
        return out;
    }

    static JsonArray transitionsJson(List<Transition> transitions) {
        if (transitions == null) {
            return null;
        }
        JsonArray out = new JsonArray();
        transitions.forEach(t -> out.add(t.toJson()));
        return out;
    }

    private static List<PipelineStage> stagesOf(JsonArray json) {
        List<PipelineStage> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(PipelineStage.fromJson(json.getJsonObject(i), i));
        }
        return List.copyOf(out);
    }

    private static List<Transition> transitionsOf(JsonArray json) {
        return json == null ? null : json.stream().map(t -> Transition.fromJson((JsonObject) t)).toList();
    }
}
