package dev.switchboard.platform.http;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Keyset pagination parameters: {@code ?limit=} (default 25, max 100) and an opaque {@code ?cursor=}. */
public record Pages(int limit, UUID after) {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;

    public static Pages of(RoutingContext ctx) {
        String limitParam = ctx.queryParams().get("limit");
        int limit = DEFAULT_LIMIT;
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiException.invalid("limit", "must be an integer from 1 to " + MAX_LIMIT);
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
                throw ApiException.invalid("cursor", "is not a cursor this server issued");
            }
        }
        return new Pages(limit, after);
    }

    public static String cursor(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }
}
