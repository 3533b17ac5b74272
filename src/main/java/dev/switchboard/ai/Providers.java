package dev.switchboard.ai;

import dev.switchboard.ai.ProviderException.Kind;
import dev.switchboard.platform.config.AiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.Set;

/** The provider clients by name, over one shared {@link ProviderHttp}; an organization's base URL gets its own client. */
public final class Providers {

    public static final Set<String> NAMES = Set.of(AnthropicClient.NAME, OpenAiClient.NAME);

    private final ProviderHttp http;
    private final Map<String, ModelClient> defaults;

    public Providers(Vertx vertx, WebClient client, AiConfig config) {
        this.http = new ProviderHttp(vertx, client, config);
        this.defaults = Map.of(AnthropicClient.NAME, new AnthropicClient(http, config.anthropicBaseUrl()),
                OpenAiClient.NAME, new OpenAiClient(http, config.openaiBaseUrl()));
    }

    /** The client for {@code provider}, at {@code baseUrl} when the organization set one (an OpenAI-compatible server). */
    public ModelClient client(String provider, String baseUrl) {
        if (baseUrl == null) {
            return defaults.get(provider);
        }
        return AnthropicClient.NAME.equals(provider) ? new AnthropicClient(http, baseUrl) : new OpenAiClient(http, baseUrl);
    }

    static String join(String base, String path) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    static JsonObject json(String data) {
        try {
            return new JsonObject(data);
        } catch (DecodeException | ClassCastException e) {
            throw new ProviderException(Kind.MALFORMED, "the provider streamed an event that is not a JSON object");
        }
    }
}
