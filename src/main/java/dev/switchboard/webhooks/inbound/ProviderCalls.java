package dev.switchboard.webhooks.inbound;

import dev.switchboard.jobs.JobFailure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** How a provider API's answer becomes a fetch result or a job failure: retryable when trying again can help. */
final class ProviderCalls {

    static final long TIMEOUT_MILLIS = 15_000;
    private static final int MAX_ERROR_BODY = 300;

    private ProviderCalls() {
    }

    /** The JSON object of a 2xx answer; 5xx, 408 and 429 fail retryably, other answers permanently. */
    static Future<JsonObject> json(String provider, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            try {
                JsonObject body = response.bodyAsJsonObject();
                if (body != null) {
                    return Future.succeededFuture(body);
                }
            } catch (RuntimeException e) {
                // reported below
            }
            return Future.failedFuture(JobFailure.retryable(provider + " answered " + status + " without a JSON object"));
        }
        String body = response.bodyAsString();
        String message = provider + " answered " + status + ": "
                + (body == null ? "(no body)" : body.length() <= MAX_ERROR_BODY ? body : body.substring(0, MAX_ERROR_BODY) + "…");
        boolean retryable = status >= 500 || status == 408 || status == 429;
        return Future.failedFuture(retryable ? JobFailure.retryable(message) : JobFailure.permanent(message));
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
