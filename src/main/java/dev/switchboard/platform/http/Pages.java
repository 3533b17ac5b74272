package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Keyset pagination parameters: {@code ?limit=} (default 25, max 100), an opaque {@code ?cursor=}, and on a sortable
 * list the order, {@code ?sort=createdAt} (oldest first) or {@code ?sort=-createdAt} (newest first), each list
 * choosing its default. Ids are time-ordered, so both orders page by id and stay stable under inserts; a cursor
 * names the last id seen and follows the order the request asks for.
 *
 * <p>A list may also sort by a field of its items ({@code ?sort=<field>}, {@code ?sort=-<field>} descending): then
 * {@code sortField} names it, {@code newestFirst} means descending, and the cursor carries the last item's value of
 * the field as well as its id ({@code afterValue}, JSON), so the next page starts after that pair.
 */
public record Pages(int limit, UUID after, boolean newestFirst, String sortField, String afterValue) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    public static final String OLDEST_FIRST = "createdAt";
    public static final String NEWEST_FIRST = "-createdAt";
    static final String CURSOR_MESSAGE = "is not a cursor this server issued";
    static final String FIXED_ORDER_MESSAGE = "this list has one fixed order and takes no sort";
    private static final String ORDER_CURSOR_MESSAGE = "is not a cursor of this order";

    /** A page in creation order. */
    public Pages(int limit, UUID after, boolean newestFirst) {
        this(limit, after, newestFirst, null, null);
    }

    /** The page of a list in one fixed order: a {@code ?sort=} is refused rather than ignored. */
    public static Pages of(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        Pages page = read(ctx, false, errors);
        if (ctx.queryParams().get("sort") != null) {
            errors.add(new FieldError("sort", FIXED_ORDER_MESSAGE));
        }
        return checked(new Pages(page.limit, page.after, false), errors);
    }

    /**
     * The page of a list sortable by creation: {@code ?sort=createdAt} or {@code ?sort=-createdAt}, else newest first
     * when {@code newestFirst}, oldest first otherwise.
     */
    public static Pages sorted(RoutingContext ctx, boolean newestFirst) {
        return sorted(ctx, newestFirst, null);
    }

    /**
     * Like {@link #sorted(RoutingContext, boolean)}, and also {@code ?sort=<fieldPrefix><name>} (ascending) or
     * {@code ?sort=-<fieldPrefix><name>} (descending): which names are fields is for the list to check. A cursor of
     * such an order must carry its sort value.
     */
    public static Pages sorted(RoutingContext ctx, boolean newestFirst, String fieldPrefix) {
        List<FieldError> errors = new ArrayList<>();
        Pages page = read(ctx, newestFirst, errors);
        String sort = ctx.queryParams().get("sort");
        if (sort == null) {
            return checked(new Pages(page.limit, page.after, page.newestFirst), errors);
        }
        String field = sort.startsWith("-") ? sort.substring(1) : sort;
        if (OLDEST_FIRST.equals(sort) || NEWEST_FIRST.equals(sort)) {
            page = new Pages(page.limit, page.after, NEWEST_FIRST.equals(sort));
        } else if (fieldPrefix != null && field.startsWith(fieldPrefix) && field.length() > fieldPrefix.length()) {
            page = new Pages(page.limit, page.after, sort.startsWith("-"), field, page.afterValue);
            if (page.after != null && page.afterValue == null) {
                errors.add(new FieldError("cursor", ORDER_CURSOR_MESSAGE));
            }
        } else {
            errors.add(new FieldError("sort", sortMessage(fieldPrefix)));
        }
        return checked(page, errors);
    }

    /** Why a {@code sort} is refused: the orders a list takes, with its field orders when {@code fieldPrefix} is not null. */
    public static String sortMessage(String fieldPrefix) {
        return "must be one of " + OLDEST_FIRST + ", " + NEWEST_FIRST
                + (fieldPrefix == null ? "" : ", " + fieldPrefix + "<key>, -" + fieldPrefix + "<key>");
    }

    private static Pages read(RoutingContext ctx, boolean newestFirst, List<FieldError> errors) {
        String limitParam = ctx.queryParams().get("limit");
        int limit = DEFAULT_LIMIT;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
            }
        }
        String cursor = ctx.queryParams().get("cursor");
        Cursor decoded = null;
        if (cursor != null && !cursor.isEmpty()) {
            decoded = decode(cursor);
            if (decoded == null) {
                errors.add(new FieldError("cursor", CURSOR_MESSAGE));
            }
        }
        return new Pages(limit, decoded == null ? null : decoded.id, newestFirst, null, decoded == null ? null : decoded.value);
    }

    private static Pages checked(Pages page, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return page;
    }

    /** The id a cursor this server issued points after, or null when {@code cursor} is not one. */
    static UUID after(String cursor) {
        Cursor decoded = decode(cursor);
        return decoded == null ? null : decoded.id;
    }

    /**
     * A cursor: the last id, and after a newline the JSON of its sort value when the list sorts by a field: a scalar
     * (string without NUL, finite number, boolean or null), kept re-encoded.
     */
    private record Cursor(UUID id, String value) {
    }

    private static Cursor decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            UUID id = Ids.parse(end < 0 ? text : text.substring(0, end));
            if (id == null || end < 0) {
                return id == null ? null : new Cursor(id, null);
            }
            Object value = Json.decodeValue(text.substring(end + 1));
            boolean scalar = value == null || value instanceof Boolean || value instanceof String s && s.indexOf('\0') < 0
                    || value instanceof Number n && Double.isFinite(n.doubleValue());
            return scalar ? new Cursor(id, Json.encode(value)) : null;
        } catch (IllegalArgumentException | DecodeException e) {
            return null;
        }
    }

    public static String cursor(UUID lastId) {
        return encode(lastId.toString());
    }

    /** The cursor after an item of this page: its id, and with a field order its value of the field. */
    public String cursorAfter(UUID lastId, Object lastValue) {
        return sortField == null ? cursor(lastId) : encode(lastId + "\n" + Json.encode(lastValue));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keyset list statement in the other order: {@code ORDER BY <id>} becomes {@code ORDER BY <id> DESC} and the
     * cursor's {@code <id> > $n} becomes {@code <id> < $n}, or the other way round. The order must occur once and the
     * cursor condition at most once (a first page's statement may have none); a statement of another shape fails
     * when it is built.
     */
    public static String reversed(String sql, String idColumn) {
        String asc = "ORDER BY " + idColumn + " LIMIT";
        String desc = "ORDER BY " + idColumn + " DESC LIMIT";
        boolean descending = once(sql, desc);
        if (!descending && !once(sql, asc)) {
            throw new IllegalStateException("not a keyset list ordered by " + idColumn + ": " + sql);
        }
        String after = idColumn + " > $";
        String before = idColumn + " < $";
        if (occurrences(sql, descending ? before : after) > 1 || occurrences(sql, descending ? after : before) > 0) {
            throw new IllegalStateException("not a single cursor condition on " + idColumn + ": " + sql);
        }
        return descending ? sql.replace(desc, asc).replace(before, after) : sql.replace(asc, desc).replace(after, before);
    }

    private static boolean once(String text, String part) {
        return occurrences(text, part) == 1;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
