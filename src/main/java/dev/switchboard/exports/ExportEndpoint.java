package dev.switchboard.exports;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Csv;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Streams;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/exports/{contacts,cases}}: the records the caller may read as CSV, streamed page by page with
 * backpressure, so memory stays flat however many there are. Requires {@code data.export}.
 */
public final class ExportEndpoint implements Endpoint {

    private final List<CsvSource> sources;
    private final ApiRoutes routes;

    public ExportEndpoint(List<CsvSource> sources, ApiRoutes routes) {
        this.sources = List.copyOf(sources);
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        for (CsvSource source : sources) {
            routes.get(router, "/api/v1/exports/" + source.segment(), ctx -> export(ctx, source));
        }
    }

    @Override
    public String openApiFragment() {
        return "openapi/exports.json";
    }

    private void export(RoutingContext ctx, CsvSource source) {
        Principal p = Principal.of(ctx);
        p.require(Permission.DATA_EXPORT);
        HttpServerResponse response = ctx.response();
        // The status and head go out with the first page, not before: a filter found bad while reading it (a custom
        // field the organization does not have) still answers 400, not a 200 cut off after the header row.
        source.export(p, ctx.queryParams(), batch -> {
            StringBuilder sb = new StringBuilder(batch.size() * 200);
            batch.forEach(json -> Csv.appendLine(sb, json, source.columns()));
            begin(response, source);
            return Streams.write(response, Buffer.buffer(sb.toString()));
        }).onSuccess(v -> {
            begin(response, source);
            response.end();
        }).onFailure(err -> {
            if (response.headWritten()) {
                response.reset(); // mid-stream: the client must not take a partial file for a whole one
            } else {
                ctx.fail(err);
            }
        });
    }

    /** Sends the status, the head and the CSV header row, once. */
    private static void begin(HttpServerResponse response, CsvSource source) {
        if (!response.headWritten()) {
            response.setChunked(true)
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + source.segment() + ".csv\"")
                    .write(Csv.header(source.columns()));
        }
    }
}
