package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Keyset pagination parameters: {@code ?limit=} (default 25, max 100), an opaque {@code ?cursor=}, and the order,
 * {@code ?sort=createdAt} (oldest first) or {@code ?sort=-createdAt} (newest first), each list choosing its default.
 * Ids are time-ordered, so both orders page by id and stay stable under inserts.
 */
public record Pages(int limit, UUID after, boolean newestFirst) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    public static final String OLDEST_FIRST = "createdAt";
    public static final String NEWEST_FIRST = "-createdAt";

    /** The page of a list that comes oldest first unless the request sorts otherwise. */
    public static Pages of(RoutingContext ctx) {
        return of(ctx, false);
    }

    /** The page of a list that comes newest first ({@code newestFirst}) or oldest first unless the request sorts otherwise. */
    public static Pages of(RoutingContext ctx, boolean newestFirst) {
        List<FieldError> errors = new ArrayList<>();
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
        UUID after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Ids.parse(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor this server issued"));
            }
        }
        String sort = ctx.queryParams().get("sort");
        if (sort != null) {
            if (OLDEST_FIRST.equals(sort) || NEWEST_FIRST.equals(sort)) {
                newestFirst = NEWEST_FIRST.equals(sort);
            } else {
                errors.add(new FieldError("sort", "must be createdAt (oldest first) or -createdAt (newest first)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new Pages(limit, after, newestFirst);
    }

    public static String cursor(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keyset list statement in the other order: {@code ORDER BY <id>} becomes {@code ORDER BY <id> DESC} and the
     * cursor's {@code <id> > $n} becomes {@code <id> < $n}, or the other way round. Each must occur once; a statement
     * of another shape fails when its class loads.
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
        if (!once(sql, descending ? before : after)) {
            throw new IllegalStateException("no single cursor condition on " + idColumn + ": " + sql);
        }
        return descending ? sql.replace(desc, asc).replace(before, after) : sql.replace(asc, desc).replace(after, before);
    }

    private static boolean once(String text, String part) {
        int first = text.indexOf(part);
        return first >= 0 && text.indexOf(part, first + 1) < 0;
    }
}
