package dev.switchboard.timeline;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.InputRules;
import dev.switchboard.platform.http.Pages;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One timeline request's paging and filters: {@code limit}, an opaque {@code cursor} (the last entry's time and
 * id), {@code types} (entry types or their prefixes, comma-separated) and {@code from}/{@code to} (from inclusive, to exclusive).
 */
record TimelineQuery(int limit, Cursor cursor, List<String> types, OffsetDateTime from, OffsetDateTime to) {

    /** How many entries of a record the cache holds: every first page fits. */
    static final int MAX_CACHED = Pages.MAX_LIMIT;

    /** A position in the newest-first order. */
    record Cursor(OffsetDateTime at, UUID entryId) {

        String encode() {
            String raw = at.toInstant().toString() + "|" + entryId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String value) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Cursor(OffsetDateTime.parse(raw.substring(0, bar)).withOffsetSameInstant(ZoneOffset.UTC),
                        UUID.fromString(raw.substring(bar + 1)));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** The first page with no filters: what the cache holds. */
    boolean firstUnfiltered() {
        return cursor == null && types == null && from == null && to == null;
    }

    static TimelineQuery of(RoutingContext ctx) {
        List<FieldError> errors = new ArrayList<>();
        int limit = Pages.DEFAULT_LIMIT;
        String limitParam = ctx.queryParams().get("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > Pages.MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + Pages.MAX_LIMIT));
            }
        }
        String cursorParam = ctx.queryParams().get("cursor");
        Cursor cursor = cursorParam == null || cursorParam.isEmpty() ? null : Cursor.decode(cursorParam);
        if (cursorParam != null && !cursorParam.isEmpty() && cursor == null) {
            errors.add(new FieldError("cursor", "is not a cursor this server issued"));
        }
        String typesParam = ctx.queryParams().get("types");
        List<String> types = typesParam == null ? null
                : Arrays.stream(typesParam.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (types != null && (types.isEmpty() || types.size() > 50 || types.stream().anyMatch(t -> t.length() > 64))) {
            errors.add(new FieldError("types", "must list 1 to 50 entry types"));
        }
        OffsetDateTime from = time(ctx, "from", errors);
        OffsetDateTime to = time(ctx, "to", errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new TimelineQuery(limit, cursor, types, from, to);
    }

    private static OffsetDateTime time(RoutingContext ctx, String name, List<FieldError> errors) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return null;
        }
        OffsetDateTime parsed = InputRules.timestamp(value);
        if (parsed == null) {
            errors.add(new FieldError(name, InputRules.TIMESTAMP_MESSAGE));
            return null;
        }
        return parsed.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
