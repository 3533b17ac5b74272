package dev.switchboard.fields;

import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list's order by a custom field, {@code ?sort=cf.<key>} or {@code ?sort=-cf.<key>}: numbers numerically, dates in
 * calendar order (their ISO text), booleans false first, text, URLs and single selects whatever their case; records
 * without a value (or with one of another type) come last in both directions, and ties go by id in the sort's
 * direction. The cursor carries the last record's value, so pages stay stable. Multi-select and user fields have no
 * order and are refused. The order is computed per request over the records the caller may read (no index).
 */
public record CustomFieldSort(String key, String type, boolean descending, String afterValue) {

    public static final CustomFieldSort NONE = new CustomFieldSort(null, null, false, null);
    /**
     * The document's format of these lists' {@code sort}: an order by creation or by a well-formed custom field key,
     * checked with the request's other parameters; whether the organization has the field is checked with the list.
     */
    static final String FORMAT = "record-sort";
    private static final Pattern NAME = Pattern.compile("^-?cf\\.[a-z][a-z0-9_]{0,39}$");
    static final Set<String> SORTABLE = Set.of("text", "number", "date", "boolean", "single_select", "url");
    private static final int MAX_NAME = 60;

    /** A list statement with the parameters it takes. */
    public record Statement(String sql, Tuple tuple) {
    }

    /** The order {@code page} asks for against the definitions; adds an error naming {@code sort} when it has none. */
    static CustomFieldSort parse(Pages page, List<CustomFieldDefinition> definitions, List<FieldError> errors) {
        if (page.sortField() == null) {
            return NONE;
        }
        String name = page.sortField();
        CustomFieldDefinition d = CustomFieldValues.find(definitions, name.substring(CustomFieldFilter.PREFIX.length()));
        String shown = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        if (d == null || d.archived()) {
            errors.add(new FieldError("sort", shown + " is not an active custom field of this record type"));
            return NONE;
        }
        if (!SORTABLE.contains(d.type())) {
            errors.add(new FieldError("sort", shown + " is a " + d.type() + " field; lists sort by text, number, date, boolean, "
                    + "single_select and url fields only"));
            return NONE;
        }
        return new CustomFieldSort(d.key(), d.type(), page.newestFirst(), page.afterValue());
    }

    /** Why {@code sort} is not one of the {@link #FORMAT}, or null when it is. */
    static String problem(String sort) {
        return Pages.OLDEST_FIRST.equals(sort) || Pages.NEWEST_FIRST.equals(sort) || NAME.matcher(sort).matches() ? null
                : Pages.sortMessage(CustomFieldFilter.PREFIX);
    }

    /** The value an item of a page sorted by {@code page}'s custom field is ordered by, for the next page's cursor. */
    public static Object value(Pages page, JsonObject customFields) {
        String field = page.sortField();
        return field == null || customFields == null ? null : customFields.getValue(field.substring(CustomFieldFilter.PREFIX.length()));
    }

    /**
     * {@code sql}, a keyset list statement ordered by {@code idColumn} (either way, as {@link Pages#reversed} makes it)
     * with at most one cursor condition {@code <idColumn> > $n}, ordered by this field of the map {@code mapColumn}
     * instead: the order becomes (value, id) with nulls last, and the cursor condition starts after the cursor's
     * (value, id). The key and the cursor's value are added to {@code tuple} as the next parameters.
     */
    public Statement statement(String sql, String idColumn, String mapColumn, Tuple tuple) {
        if (key == null) {
            return new Statement(sql, tuple);
        }
        String ascending = sql.contains("ORDER BY " + idColumn + " DESC LIMIT") ? Pages.reversed(sql, idColumn) : sql;
        tuple.addString(key);
        String row = typed(mapColumn + " -> $" + tuple.size() + "::text");
        String after = descending ? " < " : " > ";
        String out = ascending.replace("ORDER BY " + idColumn + " LIMIT", "ORDER BY " + row + (descending ? " DESC" : " ASC")
                + " NULLS LAST, " + idColumn + (descending ? " DESC" : "") + " LIMIT");
        Matcher cursor = Pattern.compile(Pattern.quote(idColumn + " > $") + "(\\d+)").matcher(out);
        if (cursor.find()) {
            tuple.addString(afterValue);
            String last = typed("$" + tuple.size() + "::text::jsonb");
            String id = idColumn + after + "$" + cursor.group(1);
            String keyset = "(CASE WHEN " + last + " IS NULL THEN " + row + " IS NULL AND " + id
                    + " ELSE (" + row + after + last + ") OR (" + row + " = " + last + " AND " + id + ") OR " + row + " IS NULL END)";
            out = out.substring(0, cursor.start()) + keyset + out.substring(cursor.end());
        }
        return new Statement(out, tuple);
    }

    /** The sort key of the JSON value {@code json}: null unless it has the field's type. */
    private String typed(String json) {
        String text = "(" + json + " #>> '{}')";
        return switch (type) {
            case "number" -> "(CASE WHEN jsonb_typeof(" + json + ") = 'number' THEN " + text + "::numeric END)";
            case "boolean" -> "(CASE WHEN jsonb_typeof(" + json + ") = 'boolean' THEN " + text + "::boolean END)";
            case "date" -> "(CASE WHEN jsonb_typeof(" + json + ") = 'string' THEN " + text + " COLLATE \"C\" END)";
            default -> "(CASE WHEN jsonb_typeof(" + json + ") = 'string' THEN lower" + text + " END)";
        };
    }
}
