package dev.switchboard.fields;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Custom field values as an imported file holds them, as text, typed by the organization's definitions of one record
 * type before the usual check: numbers, {@code true}/{@code false}, and multi-select options joined by {@code ;}. Text
 * that does not read as its field's type stays text, which the check then refuses with the field's usual message.
 */
public final class CustomFieldCells {

    /** A number written in decimal, as people and spreadsheets write them: {@code 42}, {@code -3.5}, {@code 1.2e3}. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private final List<CustomFieldDefinition> definitions;

    private CustomFieldCells(List<CustomFieldDefinition> definitions) {
        this.definitions = definitions;
    }

    /** The organization's definitions for {@code recordType}, read once for a batch of rows. */
    public static Future<CustomFieldCells> of(SqlConnection conn, UUID tenantId, String recordType) {
        return CustomFieldStore.ofType(conn, tenantId, recordType).map(CustomFieldCells::new);
    }

    /** {@code given} (null when the row gives none) with the text of typed fields read as their type. */
    public JsonObject typed(JsonObject given) {
        if (given == null || definitions.isEmpty()) {
            return given;
        }
        JsonObject out = given.copy();
        for (CustomFieldDefinition d : definitions) {
            if (out.getValue(d.key()) instanceof String text) {
                Object value = read(d.type(), text.trim());
                if (value != null) {
                    out.put(d.key(), value);
                }
            }
        }
        return out;
    }

    /** The value {@code text} stands for in a field of {@code type}; null when it stays text. */
    private static Object read(String type, String text) {
        return switch (type) {
            case "number" -> number(text);
            case "boolean" -> text.equalsIgnoreCase("true") ? Boolean.TRUE : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            case "multi_select" -> {
                JsonArray options = new JsonArray();
                for (String option : text.split(";")) {
                    if (!option.isBlank()) {
                        options.add(option.trim());
                    }
                }
                yield options;
            }
            default -> null;
        };
    }

    private static Number number(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : null;
        }
    }
}
