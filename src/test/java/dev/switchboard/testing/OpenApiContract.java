package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The server's own OpenAPI document, loaded and checked by the Vert.x OpenAPI library, used to
 * validate every real {@code /api/v1} response the tests receive.
 */
public final class OpenApiContract implements AutoCloseable {

    private final Vertx vertx;
    private final OpenAPIContract contract;
    private final ResponseValidator validator;

    private OpenApiContract(Vertx vertx, OpenAPIContract contract) {
        this.vertx = vertx;
        this.contract = contract;
        this.validator = ResponseValidator.create(vertx, contract);
    }

    /**
     * Parses {@code document}; an invalid OpenAPI 3.1 document fails here. The Vert.x validator knows no
     * {@code application/problem+json}, so problem bodies are presented to it as {@code application/json}
     * with the same schema: they are still validated, against the Problem schema.
     */
    public static OpenApiContract of(JsonObject document) {
        Vertx vertx = Vertx.vertx();
        JsonObject adapted = new JsonObject(document.encode().replace("\"" + PROBLEM + "\"", "\"" + JSON + "\""));
        withoutStreamedContent(adapted);
        return new OpenApiContract(vertx, await(OpenAPIContract.from(vertx, adapted)));
    }

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    /** Streamed text formats the validator does not know; checked as text. */
    private static final java.util.List<String> STREAMED = java.util.List.of("application/x-ndjson", "text/csv");
    private static final String TEXT = "text/plain";

    /** The documented operation for a concrete request path, or null. */
    public Operation operation(HttpMethod method, String path) {
        return contract.findOperation(stripQuery(path), method);
    }

    /** Fails unless the response matches what the document says {@code method path} answers. */
    public void assertValid(HttpMethod method, String path, Http.Response response) {
        Operation operation = operation(method, path);
        if (operation == null) {
            fail(method + " " + path + " is not in the OpenAPI document");
        }
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
        // Streamed text (NDJSON, CSV) is checked for status and media type only; its lines are records the
        // endpoint's own tests check.
        boolean streamed = TEXT.equals(mediaType(response.contentType()));
        ValidatableResponse validatable = response.body().length() == 0 || streamed
                ? ValidatableResponse.create(response.status(), headers)
                : ValidatableResponse.create(response.status(), headers, response.body(),
                        mediaType(response.contentType()));
        try {
            validator.validate(validatable, operation.getOperationId()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            fail(method + " " + path + " → " + response.status() + " does not match the OpenAPI document (" + operation.getOperationId()
                    + "): " + e.getCause().getMessage() + "\n" + response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        vertx.close();
    }

    /** Drops streamed media types from responses: the validator checks their status only. */
    private static void withoutStreamedContent(JsonObject document) {
        document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
            if (!(op.getValue() instanceof JsonObject operation) || operation.getJsonObject("responses") == null) {
                return;
            }
            operation.getJsonObject("responses").forEach(r -> {
                JsonObject content = r.getValue() instanceof JsonObject response ? response.getJsonObject("content") : null;
                if (content != null) {
                    STREAMED.forEach(content::remove);
                    if (content.isEmpty()) {
                        ((JsonObject) r.getValue()).remove("content");
                    }
                }
            });
        }));
    }

    private static String mediaType(String contentType) {
        String base = contentType == null ? "" : contentType.split(";")[0].trim();
        if (PROBLEM.equals(base)) {
            return JSON;
        }
        return STREAMED.contains(base) ? TEXT : contentType;
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("invalid OpenAPI document: " + e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
