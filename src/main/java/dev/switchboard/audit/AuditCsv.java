package dev.switchboard.audit;

import dev.switchboard.platform.http.Csv;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * RFC 4180 CSV lines of audit entries; JSON columns as JSON text. A cell that a spreadsheet would read as a formula
 * (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return, e.g. a crafted
 * {@code User-Agent}) is prefixed with a single quote, so it opens as text.
 */
final class AuditCsv {

    private static final String[] COLUMNS = {"id", "at", "actorType", "actorId", "action", "entityType", "entityId",
        "before", "after", "ip", "userAgent", "requestId"};

    private AuditCsv() {
    }

    static Buffer header() {
        return Buffer.buffer(String.join(",", COLUMNS) + "\r\n");
    }

    static Buffer lines(List<AuditRecord> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 256);
        for (AuditRecord record : batch) {
            JsonObject json = record.toJson();
            for (int i = 0; i < COLUMNS.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object value = json.getValue(COLUMNS[i]);
                sb.append(escape(value == null ? "" : value instanceof JsonObject o ? o.encode() : value.toString()));
            }
            sb.append("\r\n");
        }
        return Buffer.buffer(sb.toString());
    }

    static String escape(String raw) {
        return Csv.escape(raw);
    }
}
