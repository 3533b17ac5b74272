package dev.switchboard.ai;

import dev.switchboard.ai.ProviderException.Kind;
import dev.switchboard.platform.config.AiConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The HTTP both provider clients share: a JSON POST with an idle timeout, retried on 429, 408, 5xx and unreachable
 * providers with exponential backoff and jitter, or after the provider's {@code retry-after} (seconds or an HTTP date;
 * OpenAI's {@code retry-after-ms} too) when it gives one. A wait longer than the configured most fails at once with the
 * provider's figure, for the caller to pass on. A stream is retried only before its first event.
 */
final class ProviderHttp {

    private final Vertx vertx;
    private final WebClient client;
    private final AiConfig config;

    ProviderHttp(Vertx vertx, WebClient client, AiConfig config) {
        this.vertx = vertx;
        this.client = client;
        this.config = config;
    }

    /** The JSON answer of a POST of {@code body}. */
    Future<JsonObject> post(String provider, String url, Map<String, String> headers, JsonObject body) {
        return withRetries(1, () -> request(url, headers).sendJsonObject(body).compose(response -> {
            check(provider, response.statusCode(), response.headers(), response.bodyAsString());
            try {
                JsonObject json = response.bodyAsJsonObject();
                return json != null ? Future.succeededFuture(json)
                        : Future.failedFuture(new ProviderException(Kind.MALFORMED, provider + " answered without a body"));
            } catch (DecodeException e) {
                return Future.failedFuture(new ProviderException(Kind.MALFORMED, provider + " answered something other than JSON"));
            }
        }, ProviderHttp::unreachable));
    }

    /** POSTs {@code body} and hands each server-sent event of the answer to {@code onEvent} as it arrives. */
    Future<Void> stream(String provider, String url, Map<String, String> headers, JsonObject body, BiConsumer<String, String> onEvent) {
        int[] handedOn = {0};
        RuntimeException[] failed = {null};
        return withRetries(1, () -> {
            if (handedOn[0] > 0) {
                return Future.failedFuture(new ProviderException(Kind.UNAVAILABLE, provider + " stopped in the middle of its answer"));
            }
            SseSink sink = new SseSink((event, data) -> {
                handedOn[0]++;
                try {
                    if (failed[0] == null) {
                        onEvent.accept(event, data);
                    }
                } catch (RuntimeException e) {
                    failed[0] = e;
                }
            });
            return request(url, headers).putHeader("Accept", "text/event-stream").as(BodyCodec.pipe(sink)).sendJsonObject(body)
                    .compose(response -> {
                        sink.end();
                        check(provider, response.statusCode(), response.headers(), sink.received());
                        return failed[0] == null ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(failed[0]);
                    }, ProviderHttp::unreachable);
        });
    }

    private HttpRequest<Buffer> request(String url, Map<String, String> headers) {
        HttpRequest<Buffer> request = client.postAbs(url).idleTimeout(config.timeout().toMillis())
                .connectTimeout(Math.min(config.timeout().toMillis(), 10_000));
        headers.forEach(request::putHeader);
        return request;
    }

    private <T> Future<T> withRetries(int attempt, Supplier<Future<T>> once) {
        return once.get().recover(err -> {
            if (!(err instanceof ProviderException p) || !p.retryable() || attempt >= config.maxAttempts()) {
                return Future.failedFuture(err);
            }
            long waitMillis = p.retryAfterSeconds() >= 0 ? p.retryAfterSeconds() * 1000 : backoff(attempt);
            if (waitMillis > config.maxRetryAfter().toMillis()) {
                return Future.failedFuture(err);
            }
            return vertx.timer(Math.max(1, waitMillis)).compose(v -> withRetries(attempt + 1, once));
        });
    }

    private long backoff(int attempt) {
        long full = config.retryBase().toMillis() << Math.min(attempt - 1, 16);
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    /** Fails unless {@code status} is 2xx: 429 rate limited, 408/5xx unavailable, any other refused. */
    private static void check(String provider, int status, MultiMap headers, String body) {
        if (status / 100 == 2) {
            return;
        }
        String message = provider + " answered " + status + ": " + abbreviate(body);
        if (status == 429) {
            throw new ProviderException(Kind.RATE_LIMITED, message, retryAfterSeconds(headers));
        }
        if (status == 408 || status >= 500) {
            throw new ProviderException(Kind.UNAVAILABLE, message, retryAfterSeconds(headers));
        }
        throw new ProviderException(Kind.REFUSED, message);
    }

    private static <T> Future<T> unreachable(Throwable err) {
        if (err instanceof ProviderException) {
            return Future.failedFuture(err);
        }
        return Future.failedFuture(new ProviderException(Kind.UNAVAILABLE, "the provider could not be reached: " + err.getMessage()));
    }

    /** {@code retry-after-ms}, else {@code retry-after} in seconds or as an HTTP date; -1 when neither is usable. */
    static long retryAfterSeconds(MultiMap headers) {
        String millis = headers.get("retry-after-ms");
        String value = headers.get("retry-after");
        try {
            if (millis != null) {
                return (long) Math.ceil(Double.parseDouble(millis.trim()) / 1000);
            }
            if (value == null) {
                return -1;
            }
            if (value.trim().matches("\\d+")) {
                return Long.parseLong(value.trim());
            }
            long seconds = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond()
                    - System.currentTimeMillis() / 1000;
            return Math.max(0, seconds);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static String abbreviate(String body) {
        if (body == null || body.isEmpty()) {
            return "(no body)";
        }
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
