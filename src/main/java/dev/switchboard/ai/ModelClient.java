package dev.switchboard.ai;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** A chat model behind one provider's HTTP API: one system prompt, one user turn, one text answer with its token usage. */
public interface ModelClient {

    /** What one call sends: the organization's model and key, the instructions and the (fenced) content. */
    record Prompt(String model, String apiKey, String system, String user, int maxTokens) {
    }

    /** The model's text and the tokens the provider counted. */
    record Answer(String text, int inputTokens, int outputTokens) {
    }

    /** The provider's name as organizations choose it: {@code anthropic} or {@code openai}. */
    String provider();

    /** The whole answer at once. Fails with {@link ProviderException}. */
    Future<Answer> complete(Prompt prompt);

    /** The answer streamed: {@code onText} gets each piece of text as it arrives; completes with the whole. */
    Future<Answer> stream(Prompt prompt, Consumer<String> onText);
}
