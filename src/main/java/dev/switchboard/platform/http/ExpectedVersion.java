package dev.switchboard.platform.http;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.error.StoreException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Optimistic concurrency: the version a client last read, from {@code If-Match: "3"} or a body field
 * {@code "version": 3}. Optional on every update: when sent it is enforced (a stale {@code If-Match} answers 412,
 * a stale body version 409); when not, the write applies to the record as it stands (last writer wins).
 */
public record ExpectedVersion(int value, boolean fromIfMatch) {

    private static final FieldError IF_MATCH_ERROR = new FieldError("If-Match", "must be a version this server issued, such as \"3\"");

    /** The expected version, or null when the client sent none. */
    public static ExpectedVersion of(RoutingContext ctx, JsonObject body) {
        String ifMatch = ctx.request().getHeader("If-Match");
        if (ifMatch != null) {
            Integer version = ifMatchVersion(ifMatch);
            if (version == null) {
                throw ApiException.invalid(List.of(IF_MATCH_ERROR));
            }
            return new ExpectedVersion(version, true);
        }
        Object version = body == null ? null : body.getValue("version");
        if (version == null) {
            return null;
        }
        if (!(version instanceof Integer i)) {
            throw ApiException.invalid("version", "must be an integer");
        }
        return new ExpectedVersion(i, false);
    }

    /**
     * The error of an {@code If-Match} header that names no version, or null when it is absent or fine. A request
     * refused for other fields names it too ({@link Problems}), so one answer lists every invalid field.
     */
    static FieldError ifMatchError(RoutingContext ctx) {
        String ifMatch = ctx.request().getHeader("If-Match");
        return ifMatch != null && ifMatchVersion(ifMatch) == null ? IF_MATCH_ERROR : null;
    }

    private static Integer ifMatchVersion(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        try {
            return Integer.parseInt(v.replace("\"", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The version to write at: {@code expected}'s, or with none (automation acting on the record as it stands)
     * {@code read}, the version read in the same transaction.
     */
    public static int orRead(ExpectedVersion expected, int read) {
        return expected == null ? read : expected.value;
    }

    /**
     * The failure for a write that found another version: {@code expected}'s 409/412, or with none a retryable
     * conflict (a concurrent write slipped in between this transaction's read and its write).
     */
    public static RuntimeException staleOr(ExpectedVersion expected, String what) {
        return expected != null ? expected.stale(what)
                : new StoreException(StoreException.Kind.RETRYABLE, what, null);
    }

    public boolean matches(int current) {
        return value == current;
    }

    public ApiException stale(String what) {
        String detail = what + " was changed since version " + value + "; read it again and retry";
        return fromIfMatch
                ? new ApiException(412, "precondition-failed", "Precondition failed", detail)
                : ApiException.conflict("stale-version", detail);
    }
}
