package dev.switchboard.platform.http;

import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/** Serves the OpenAPI document. */
public final class OpenApiEndpoint implements Endpoint {

    private final Supplier<OpenApiDocument> document;

    /** @param document supplied lazily, since it is built from all endpoints including this one */
    public OpenApiEndpoint(Supplier<OpenApiDocument> document) {
        this.document = document;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/api/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "public, max-age=300")
                .end(document.get().json()));
    }

    @Override
    public String openApiFragment() {
        return "openapi/openapi-document.json";
    }
}
