package dev.switchboard.audit;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.InputRules;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Streams;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/audit-log}: filtered listing, chain verification and streaming NDJSON/CSV export. */
public final class AuditEndpoint implements Endpoint {

    private final AuditService audit;
    private final ApiRoutes routes;

    public AuditEndpoint(AuditService audit, ApiRoutes routes) {
        this.audit = audit;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/audit-log", this::list);
        routes.post(router, "/api/v1/audit-log/verify", this::verify);
        routes.get(router, "/api/v1/audit-log/export", this::export);
    }

    @Override
    public String openApiFragment() {
        return "openapi/audit.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true);
        Responses.replyPage(ctx, audit.list(Principal.of(ctx), filter(ctx), page), page, AuditRecord::toJson, AuditRecord::id);
    }

    private void verify(RoutingContext ctx) {
        Responses.reply(ctx, audit.verify(Principal.of(ctx)), result -> result);
    }

    private void export(RoutingContext ctx) {
        String format = ctx.queryParams().get("format") == null ? "ndjson" : ctx.queryParams().get("format");
        if (!format.equals("ndjson") && !format.equals("csv")) {
            throw ApiException.invalid("format", "must be ndjson or csv");
        }
        AuditFilter filter = filter(ctx);
        boolean csv = format.equals("csv");
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                .putHeader("Content-Disposition", "attachment; filename=\"audit-log." + format + "\"");
        audit.export(Principal.of(ctx), filter, batch -> Streams.write(response, csv ? AuditCsv.lines(batch) : ndjson(batch)))
                .onSuccess(n -> response.end())
                .onFailure(err -> {
                    if (response.headWritten()) {
                        response.reset();
                    } else {
                        ctx.fail(err);
                    }
                });
        if (csv) {
            response.write(AuditCsv.header());
        }
    }

    private static Buffer ndjson(List<AuditRecord> batch) {
        Buffer buffer = Buffer.buffer(batch.size() * 256);
        batch.forEach(record -> buffer.appendBuffer(record.toJson().toBuffer()).appendByte((byte) '\n'));
        return buffer;
    }

    private static AuditFilter filter(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        return new AuditFilter(q.get("entityType"), uuid(q, "entityId"), uuid(q, "actorId"), q.get("action"),
                time(q, "from"), time(q, "to"));
    }

    private static UUID uuid(MultiMap q, String name) {
        String value = q.get(name);
        if (value == null) {
            return null;
        }
        UUID id = Ids.parse(value);
        if (id == null) {
            throw ApiException.invalid(name, "must be a UUID");
        }
        return id;
    }

    private static OffsetDateTime time(MultiMap q, String name) {
        String value = q.get(name);
        OffsetDateTime parsed = value == null ? null : InputRules.timestamp(value);
        if (value != null && parsed == null) {
            throw ApiException.invalid(name, InputRules.TIMESTAMP_MESSAGE);
        }
        return parsed;
    }
}
