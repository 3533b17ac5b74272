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
 * validate every real response to a documented operation the tests receive.
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
     * {@code application/problem+json} or {@code application/jwk-set+json}, so such bodies are presented to it as
     * {@code application/json} with the same schema: they are still validated, against their schemas. It resolves
     * only absolute server URLs, so the document's relative one ({@code /}, the serving host, where the paths
     * already are) is left out for it.
     */
    public static OpenApiContract of(JsonObject document) {
        Vertx vertx = Vertx.vertx();
        String encoded = document.encode();
        for (String json : JSON_TYPES) {
            encoded = encoded.replace("\"" + json + "\"", "\"" + JSON + "\"");
        }
        JsonObject adapted = new JsonObject(encoded);
        adapted.remove("servers");
        withoutTextContent(adapted);
        return new OpenApiContract(vertx, await(OpenAPIContract.from(vertx, adapted)));
    }

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";
    /** JSON under another media type, validated as JSON. */
    private static final java.util.List<String> JSON_TYPES = java.util.List.of(PROBLEM, "application/jwk-set+json", "application/scim+json");
    /**
     * Text formats (streams of records, plain text) and files whose bodies the validator cannot read: checked for status
     * and headers. A downloaded file is documented as application/octet-stream whatever its own type.
     */
    private static final java.util.List<String> TEXT = java.util.List.of("application/x-ndjson", "text/csv", "text/plain", "text/event-stream",
            "application/octet-stream");

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
        response.headers().forEach(e -> headers.put(e.getKey(), headerValue(e.getValue())));
        // Text (NDJSON and CSV streams, plain text) is checked for status and headers only: the validator cannot read a
        // text body; the lines of a stream are records the endpoint's own tests check.
        boolean text = TEXT.contains(baseType(response.contentType())) || documentsFile(operation, response.status());
        ValidatableResponse validatable = response.body().length() == 0 || text
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

    /**
     * Whether the document gives {@code status} no body the validator reads: a file (application/octet-stream, dropped
     * with the text formats) is sent under the type it was sniffed as.
     */
    private static boolean documentsFile(Operation operation, int status) {
        io.vertx.openapi.contract.Response documented = operation.getResponse(status);
        return documented != null && documented.getContent().isEmpty();
    }

    @Override
    public void close() {
        vertx.close();
    }

    /** Drops text media types from responses: the validator checks their status and headers only. */
    private static void withoutTextContent(JsonObject document) {
        document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
            if (!(op.getValue() instanceof JsonObject operation) || operation.getJsonObject("responses") == null) {
                return;
            }
            operation.getJsonObject("responses").forEach(r -> {
                JsonObject content = r.getValue() instanceof JsonObject response ? response.getJsonObject("content") : null;
                if (content != null) {
                    TEXT.forEach(content::remove);
                    if (content.isEmpty()) {
                        ((JsonObject) r.getValue()).remove("content");
                    }
                }
            });
        }));
    }

    /**
     * A header value as the validator can read it: it decodes a string header as JSON, or as the text inside added
     * quotes, so a value with quotes of its own ({@code attachment; filename="a.csv"}) is handed over as a JSON string.
     */
    private static String headerValue(String value) {
        if (value.indexOf('"') < 0) {
            return value;
        }
        try {
            io.vertx.core.json.Json.decodeValue(value);
            return value;
        } catch (io.vertx.core.json.DecodeException e) {
            return io.vertx.core.json.Json.encode(value);
        }
    }

    /** The media type the validator knows for {@code contentType}: JSON kinds as JSON. */
    private static String mediaType(String contentType) {
        return JSON_TYPES.contains(baseType(contentType)) ? JSON : contentType;
    }

    private static String baseType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim();
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
