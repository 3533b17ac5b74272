package dev.switchboard.webhooks.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Resend's Received Emails API: {@code GET {baseUrl}/emails/receiving/{id}} answers a received email's
 * {@code from}, {@code subject}, {@code text}/{@code html}, {@code message_id} and {@code headers} (webhooks carry only
 * the metadata); {@code .../attachments} lists the email's files, each with a short-lived {@code download_url}.
 */
final class ResendReceivedClient {

    private final WebClient client;
    private final String baseUrl;

    ResendReceivedClient(WebClient client, String baseUrl) {
        this.client = client;
        this.baseUrl = ProviderCalls.stripSlash(baseUrl);
    }

    /** The attachments of a received email: {@code data: [{id, filename, content_type, download_url, ...}]}. */
    Future<JsonObject> attachments(String emailId, String apiKey) {
        return client.getAbs(baseUrl + "/emails/receiving/" + java.net.URLEncoder.encode(emailId, java.nio.charset.StandardCharsets.UTF_8)
                        + "/attachments")
                .putHeader("Authorization", "Bearer " + apiKey)
                .timeout(ProviderCalls.TIMEOUT_MILLIS)
                .send()
                .compose(response -> ProviderCalls.json("the Resend API", response));
    }

    Future<JsonObject> received(String emailId, String apiKey) {
        return client.getAbs(baseUrl + "/emails/receiving/" + java.net.URLEncoder.encode(emailId, java.nio.charset.StandardCharsets.UTF_8))
                .putHeader("Authorization", "Bearer " + apiKey)
                .timeout(ProviderCalls.TIMEOUT_MILLIS)
                .send()
                .compose(response -> ProviderCalls.json("the Resend API", response));
    }
}
