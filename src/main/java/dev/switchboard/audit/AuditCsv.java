package dev.switchboard.audit;

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
        String value = neutralised(raw);
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String neutralised(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }
}
