package dev.switchboard.cases;

import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A pipeline definition as a client sends it, validated: stage keys unique, transitions between known stages. */
public record PipelineInput(String name, List<PipelineStage> stages, List<Transition> transitions) {

    static final int MAX_STAGES = 50;
    private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,39}$");
    private static final Set<String> STAFF_ROLES = Set.of("admin", "manager", "agent", "viewer");

    /**
     * Parses a partial update: the name when present, the stages and transitions when {@code stages} is present (they
     * change together); what is left out is null. Collects errors into {@code v} (the caller calls {@code v.check()}).
     */
    static PipelineInput parsePatch(JsonObject body, Validator v) {
        boolean named = body.containsKey("name");
        boolean staged = body.containsKey("stages");
        if (body.containsKey("transitions") && !staged) {
            v.fail("transitions", "change together with stages: send both");
        }
        if (!named && !staged && !body.containsKey("transitions")) {
            v.fail("body", "names no field to change (name, stages and transitions)");
        }
        String name = named ? v.requiredString("name", 100) : null;
        if (!staged) {
            return new PipelineInput(name, null, null);
        }
        List<PipelineStage> stages = stages(body.getValue("stages"), v);
        return new PipelineInput(name, stages, transitions(body.getValue("transitions"), stages, v));
    }

    /** This update applied to {@code current}: what it leaves out (null) keeps its value. */
    PipelineInput over(Pipeline current) {
        return new PipelineInput(name != null ? name : current.name(), stages != null ? stages : current.stages(),
                stages != null ? transitions : current.transitions());
    }

    /** Parses {@code body}, collecting errors into {@code v} (the caller calls {@code v.check()}). */
    static PipelineInput parse(JsonObject body, Validator v) {
        String name = v.requiredString("name", 100);
        List<PipelineStage> stages = stages(body.getValue("stages"), v);
        List<Transition> transitions = transitions(body.getValue("transitions"), stages, v);
        return new PipelineInput(name, stages, transitions);
    }

    private static List<PipelineStage> stages(Object value, Validator v) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_STAGES) {
            v.fail("stages", "must be an array of 1 to " + MAX_STAGES + " stages");
            return List.of();
        }
        List<PipelineStage> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String field = "stages[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject stage)) {
                v.fail(field, "must be an object");
                continue;
            }
            String key = stage.getValue("key") instanceof String k ? k : null;
            if (key == null || !KEY.matcher(key).matches() || Case.ARCHIVED.equals(key)) {
                v.fail(field + ".key", "must be lower-case letters, digits and _ (up to 40), and not \"archived\"");
            } else if (!keys.add(key)) {
                v.fail(field + ".key", "is used by another stage");
            }
            String label = stage.getValue("name") instanceof String s && !s.isBlank() && s.length() <= 100 ? s.trim() : null;
            if (label == null) {
                v.fail(field + ".name", "is required, at most 100 characters");
            }
            Object terminal = stage.getValue("terminal");
            if (terminal != null && !(terminal instanceof Boolean)) {
                v.fail(field + ".terminal", "must be a boolean");
            }
            List<String> roles = roles(stage.getValue("setByRoles"), field + ".setByRoles", v);
            out.add(new PipelineStage(key, label, i, Boolean.TRUE.equals(terminal), roles));
        }
        return List.copyOf(out);
    }

    private static List<Transition> transitions(Object value, List<PipelineStage> stages, Validator v) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            v.fail("transitions", "must be an array of {from, to}, or null to allow any move");
            return null;
        }
        Set<String> keys = new HashSet<>(stages.stream().map(PipelineStage::key).toList());
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Object item = array.getValue(i);
            String from = item instanceof JsonObject t && t.getValue("from") instanceof String s ? s : null;
            String to = item instanceof JsonObject t && t.getValue("to") instanceof String s ? s : null;
            if (from == null || to == null || !keys.contains(from) || !keys.contains(to) || from.equals(to)) {
                v.fail("transitions[" + i + "]", "must name two different stages of this pipeline");
                continue;
            }
            if (!out.contains(new Transition(from, to))) {
                out.add(new Transition(from, to));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> roles(Object value, String field, Validator v) {
        if (value == null) {
            return null;
        }
        if (value instanceof JsonArray array && !array.isEmpty()
                && array.stream().allMatch(r -> r instanceof String s && STAFF_ROLES.contains(s))) {
            return array.stream().map(String.class::cast).distinct().toList();
        }
        v.fail(field, "must be a non-empty array of roles: " + String.join(", ", STAFF_ROLES.stream().sorted().toList()));
        return null;
    }
}
