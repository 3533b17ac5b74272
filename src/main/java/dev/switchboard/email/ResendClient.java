package dev.switchboard.email;

import dev.switchboard.jobs.JobFailure;
import dev.switchboard.platform.config.EmailConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;

/**
 * Sends one email through the Resend API ({@code POST {baseUrl}/emails}) and answers the provider's
 * message id. Rejections that a retry cannot fix (4xx other than 408 and 429) fail permanently; the
 * {@code Idempotency-Key} keeps a retried send from arriving twice.
 */
public final class ResendClient {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final WebClient client;
    private final EmailConfig config;

    public ResendClient(WebClient client, EmailConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * An email ready to go. {@code replyTo} lists the message ids of the thread this one answers, oldest first;
     * {@code messageId}, when set, is sent as its {@code Message-ID}; {@code text}, when set, is its plain-text part.
     */
    public record Outgoing(String idempotencyKey, String to, String subject, String html, String text, List<String> replyTo,
                           String messageId) {

        public Outgoing(String idempotencyKey, String to, String subject, String html, List<String> replyTo) {
            this(idempotencyKey, to, subject, html, null, replyTo, null);
        }
    }

    public Future<String> send(Outgoing email) {
        return send(email, null);
    }

    /** Sends with the organization's own API key when it has one ({@code tenantApiKey}), else the server's. */
    public Future<String> send(Outgoing email, String tenantApiKey) {
        String apiKey = tenantApiKey != null ? tenantApiKey : config.resendApiKey();
        if (apiKey == null || config.from() == null) {
            return Future.failedFuture(JobFailure.permanent("email is not configured (SWITCHBOARD_RESEND_API_KEY or the organization's "
                    + "resendApiKey, and SWITCHBOARD_EMAIL_FROM)"));
        }
        JsonObject body = new JsonObject()
                .put("from", config.from())
                .put("to", new JsonArray().add(email.to()))
                .put("subject", email.subject())
                .put("html", email.html())
                .put("headers", headers(email));
        if (email.text() != null) {
            body.put("text", email.text());
        }
        return client.postAbs(stripSlash(config.resendBaseUrl()) + "/emails")
                .putHeader("Authorization", "Bearer " + apiKey)
                .putHeader("Idempotency-Key", email.idempotencyKey())
                .timeout(TIMEOUT_MILLIS)
                .sendJsonObject(body)
                .compose(response -> {
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        JsonObject answer = response.bodyAsJsonObject();
                        return Future.succeededFuture(answer == null ? null : answer.getString("id"));
                    }
                    String message = "resend answered " + status + ": " + abbreviate(response.bodyAsString());
                    boolean retryable = status >= 500 || status == 408 || status == 429;
                    return Future.failedFuture(retryable ? JobFailure.retryable(message) : JobFailure.permanent(message));
                });
    }

    private static JsonObject headers(Outgoing email) {
        JsonObject headers = threading(email.replyTo());
        if (email.messageId() != null) {
            headers.put("Message-ID", bracketed(email.messageId()));
        }
        return headers;
    }

    /** {@code In-Reply-To} names the newest message of the thread, {@code References} all of them. */
    static JsonObject threading(List<String> replyTo) {
        JsonObject headers = new JsonObject();
        if (replyTo == null || replyTo.isEmpty()) {
            return headers;
        }
        List<String> ids = replyTo.stream().map(ResendClient::bracketed).toList();
        return headers.put("In-Reply-To", ids.get(ids.size() - 1)).put("References", String.join(" ", ids));
    }

    private static String bracketed(String messageId) {
        String id = messageId.trim();
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() <= 500 ? body : body.substring(0, 500) + "…";
    }
}
