package dev.switchboard.webhooks.inbound;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Meta's Graph API ({@code GET /graph/{leadgen_id}?access_token=...}) and Resend's Received
 * Emails API ({@code GET /resend/emails/receiving/{id}} with a Bearer key, and {@code .../{id}/attachments} listing files
 * whose {@code download_url} this stub serves under {@code /files/}), answering their documented JSON. A
 * test registers leads and emails, may make the stub fail (500) or hold requests unanswered, and reads what
 * was asked.
 */
public final class ProviderStub implements AutoCloseable {

    public static final String PAGE_TOKEN = "page-access-token-for-tests";
    public static final String RESEND_KEY = "re_key_for_tests";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, JsonObject> leads = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> emails = new ConcurrentHashMap<>();
    private final Map<String, io.vertx.core.json.JsonArray> attachmentLists = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean holding;

    public ProviderStub() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub did not start", e);
        }
    }

    public String graphBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/graph";
    }

    public String resendBaseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/resend";
    }

    public void lead(String leadgenId, JsonObject lead) {
        leads.put(leadgenId, lead.put("id", leadgenId));
    }

    public void email(String emailId, JsonObject email) {
        emails.put(emailId, email.put("object", "email").put("id", emailId));
    }

    /** Adds a file to a registered email: listed by the attachments API, downloadable from its {@code download_url}. */
    public void attachment(String emailId, String filename, String declaredType, byte[] content) {
        String id = java.util.UUID.randomUUID().toString();
        files.put(id, content);
        emails.get(emailId).getJsonArray("attachments").add(new JsonObject().put("id", id).put("filename", filename)
                .put("content_type", declaredType).put("size", content.length));
        attachmentLists.computeIfAbsent(emailId, k -> new io.vertx.core.json.JsonArray()).add(new JsonObject().put("object", "attachment")
                .put("id", id).put("filename", filename).put("content_type", declaredType).put("content_disposition", "attachment")
                .put("download_url", "http://127.0.0.1:" + server.actualPort() + "/files/" + id + "?signature=sig")
                .put("expires_at", "2099-01-01T00:00:00.000Z"));
    }

    /** From now on, every request answers 500 ({@code true}) or is served normally. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** From now on, requests are never answered ({@code true}), as by a provider that hangs. */
    public void holding(boolean holding) {
        this.holding = holding;
    }

    public int calls() {
        return calls.get();
    }

    private void handle(HttpServerRequest request) {
        calls.incrementAndGet();
        if (holding) {
            return;
        }
        if (failing) {
            request.response().setStatusCode(500).end("{\"error\":{\"message\":\"temporarily unavailable\"}}");
            return;
        }
        String path = request.path();
        JsonObject answer = null;
        if (path.startsWith("/graph/") && PAGE_TOKEN.equals(request.getParam("access_token"))) {
            answer = leads.get(path.substring("/graph/".length()));
        } else if (path.startsWith("/files/") && "sig".equals(request.getParam("signature"))) {
            byte[] file = files.get(path.substring("/files/".length()));
            if (file == null) {
                request.response().setStatusCode(404).end();
            } else {
                request.response().putHeader("Content-Type", "application/octet-stream").end(io.vertx.core.buffer.Buffer.buffer(file));
            }
            return;
        } else if (path.startsWith("/resend/emails/receiving/") && path.endsWith("/attachments")
                && ("Bearer " + RESEND_KEY).equals(request.getHeader("Authorization"))) {
            String emailId = path.substring("/resend/emails/receiving/".length(), path.length() - "/attachments".length());
            answer = new JsonObject().put("object", "list").put("has_more", false)
                    .put("data", attachmentLists.getOrDefault(emailId, new io.vertx.core.json.JsonArray()));
        } else if (path.startsWith("/resend/emails/receiving/") && ("Bearer " + RESEND_KEY).equals(request.getHeader("Authorization"))) {
            answer = emails.get(path.substring("/resend/emails/receiving/".length()));
        } else {
            request.response().setStatusCode(401).end("{\"error\":{\"message\":\"invalid credentials\"}}");
            return;
        }
        if (answer == null) {
            request.response().setStatusCode(404).end("{\"error\":{\"message\":\"not found\"}}");
            return;
        }
        request.response().putHeader("Content-Type", "application/json").end(answer.encode());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
