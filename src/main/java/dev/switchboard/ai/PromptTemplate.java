package dev.switchboard.ai;

import io.vertx.core.json.JsonObject;

/**
 * One versioned prompt: the feature it serves, its version (named in every call's audit entry), the instructions, the
 * JSON Schema the answer must satisfy (shown to the model and enforced on its answer) and the most tokens it may answer.
 */
record PromptTemplate(String feature, String version, String instructions, JsonObject schema, int maxTokens) {

    /** The system prompt: the instructions, the fencing rule and the answer's schema. */
    String system() {
        return instructions + "\n\n" + Fence.RULE + "\n\nAnswer with exactly one JSON object and nothing else, valid against this "
                + "JSON Schema:\n" + schema.encode();
    }

    /** What a call sends: the organization's model and key, this template's instructions, and {@code user}. */
    ModelClient.Prompt prompt(AiSettings settings, String user) {
        return new ModelClient.Prompt(settings.model(), settings.apiKey(), system(), user, maxTokens);
    }
}
