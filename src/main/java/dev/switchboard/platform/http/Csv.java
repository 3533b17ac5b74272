package dev.switchboard.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * RFC 4180 CSV cells and lines. A cell that a spreadsheet would read as a formula (it starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) is prefixed with a single quote, so it opens as text.
 */
public final class Csv {

    private Csv() {
    }

    /** One cell: neutralised, and quoted when it holds a comma, a quote or a line break. */
    public static String escape(String raw) {
        String value = neutralised(raw);
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** The header line of {@code columns}. */
    public static String header(List<String> columns) {
        return String.join(",", columns) + "\r\n";
    }

    /**
     * Appends one line of {@code json}'s {@code columns}: absent values empty, arrays as their items joined by
     * {@code ;}, objects as JSON text.
     */
    public static void appendLine(StringBuilder sb, JsonObject json, List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object value = json.getValue(columns.get(i));
            String text = value == null ? ""
                    : value instanceof JsonArray a ? String.join(";", a.stream().map(String::valueOf).toList())
                    : value instanceof JsonObject o ? o.encode() : value.toString();
            sb.append(escape(text));
        }
        sb.append("\r\n");
    }

    private static String neutralised(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + value : value;
    }
}
