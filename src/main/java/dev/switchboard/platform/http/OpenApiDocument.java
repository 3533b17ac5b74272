package dev.switchboard.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The OpenAPI 3.1 document at {@code /api/v1/openapi.json}: a base (info, security, shared problem
 * schemas and parameters) merged with each endpoint's fragment, so the document lists exactly what is
 * mounted. Every operation also gets the {@code default} problem+json response: any route may answer
 * 413, 429 or 503. Built once at startup.
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
            if (operation != null && !operation.getJsonObject("responses").containsKey("default")) {
                operation.getJsonObject("responses").put("default", new JsonObject().put("$ref", "#/components/responses/Error"));
            }
        }));
        return new OpenApiDocument(document);
    }

    private static final List<String> OPERATIONS = List.of("get", "post", "put", "patch", "delete");

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
