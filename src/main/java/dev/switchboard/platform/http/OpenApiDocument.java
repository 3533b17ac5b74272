package dev.switchboard.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The OpenAPI 3.1 document at {@code /api/v1/openapi.json}: a base (info, servers, security, shared problem
 * schemas, parameters and headers) merged with each endpoint's fragment, so the document lists exactly what is
 * mounted. Every operation also gets the {@code default} problem+json response (any route may answer 413, 429
 * or 503), every HTTP answer the {@code X-Request-Id} header the platform handler sets on all of them, and every
 * answer of an operation taking {@code Idempotency-Key} the {@code Idempotent-Replayed} header its replays carry.
 * Built once at startup.
 */
public final class OpenApiDocument {

    static final String BASE = "openapi/base.json";

    private final Buffer json;

    private OpenApiDocument(JsonObject document) {
        this.json = document.toBuffer();
    }

    /** A private copy of the document, for reading it (the input boundary checks requests against it). */
    public JsonObject document() {
        return new JsonObject(json);
    }

    /** Merges the fragments of {@code endpoints} onto the base; a path or schema defined twice is a startup error. */
    public static OpenApiDocument of(List<Endpoint> endpoints) {
        JsonObject document = read(BASE);
        JsonObject paths = document.getJsonObject("paths");
        JsonObject components = document.getJsonObject("components");
        endpoints.stream().map(Endpoint::openApiFragment).filter(Objects::nonNull).forEach(resource -> {
            JsonObject fragment = read(resource);
            mergeInto(paths, fragment.getJsonObject("paths", new JsonObject()), resource);
            JsonObject parts = fragment.getJsonObject("components", new JsonObject());
            for (String section : parts.fieldNames()) {
                JsonObject target = components.getJsonObject(section);
                if (target == null) {
                    target = new JsonObject();
                    components.put(section, target);
                }
                mergeInto(target, parts.getJsonObject(section), resource);
            }
        });
        paths.forEach(path -> OPERATIONS.forEach(method -> {
            JsonObject operation = ((JsonObject) path.getValue()).getJsonObject(method);
            if (operation != null) {
                completeResponses(operation);
            }
        }));
        return new OpenApiDocument(document);
    }

    private static final List<String> OPERATIONS = List.of("get", "post", "put", "patch", "delete");
    private static final String IDEMPOTENCY_KEY = "#/components/parameters/IdempotencyKey";

    /** Adds the responses and headers every operation shares; shared responses ({@code $ref}) declare them themselves. */
    private static void completeResponses(JsonObject operation) {
        JsonObject responses = operation.getJsonObject("responses");
        if (!responses.containsKey("default")) {
            responses.put("default", new JsonObject().put("$ref", "#/components/responses/Error"));
        }
        boolean replayable = operation.getJsonArray("parameters", new JsonArray()).stream()
                .anyMatch(p -> p instanceof JsonObject parameter && IDEMPOTENCY_KEY.equals(parameter.getString("$ref")));
        responses.forEach(entry -> {
            JsonObject response = (JsonObject) entry.getValue();
            // a 101 is the WebSocket handshake's own answer, written without the platform's headers
            if (response.containsKey("$ref") || entry.getKey().equals("101")) {
                return;
            }
            JsonObject headers = response.getJsonObject("headers");
            if (headers == null) {
                headers = new JsonObject();
                response.put("headers", headers);
            }
            headers.put(Requests.REQUEST_ID_HEADER, header("RequestId"));
            // answers below 500 are stored and replayed (a 5xx frees the key instead)
            if (replayable && !entry.getKey().startsWith("5")) {
                headers.put("Idempotent-Replayed", header("IdempotentReplayed"));
            }
        });
    }

    private static JsonObject header(String name) {
        return new JsonObject().put("$ref", "#/components/headers/" + name);
    }

    public Buffer json() {
        return json;
    }

    private static void mergeInto(JsonObject target, JsonObject source, String resource) {
        for (String name : source.fieldNames()) {
            if (target.containsKey(name)) {
                throw new IllegalStateException("OpenAPI " + name + " is defined twice (again in " + resource + ")");
            }
            target.put(name, source.getValue(name));
        }
    }

    private static JsonObject read(String resource) {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenAPI resource " + resource);
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
