package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

/**
 * Verifies Standard Webhooks (and Svix, the same scheme under {@code svix-} header names) signatures over
 * the raw request bytes: the signing itself is {@link WebhookSignature}'s, the comparison is constant time.
 */
final class SignatureCheck {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final int MAX_ID_LENGTH = 300;

    /** The signed headers of one request. */
    record Signed(String id, long timestamp, String signatures) {
    }

    private SignatureCheck() {
    }

    /**
     * Reads {@code <prefix>-id}, {@code -timestamp} and {@code -signature} for the first prefix that has an id;
     * missing or malformed headers are a 400 that never echoes them.
     */
    static Signed headers(MultiMap headers, String... prefixes) {
        for (String prefix : prefixes) {
            String id = headers.get(prefix + "-id");
            if (id == null) {
                continue;
            }
            String timestamp = headers.get(prefix + "-timestamp");
            String signatures = headers.get(prefix + "-signature");
            if (id.isBlank() || id.length() > MAX_ID_LENGTH || timestamp == null || signatures == null || signatures.isBlank()) {
                throw ApiException.badRequest("the webhook signature headers are incomplete");
            }
            try {
                return new Signed(id, Long.parseLong(timestamp.trim()), signatures);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("the webhook timestamp is not a number of seconds");
            }
        }
        throw ApiException.badRequest("the webhook signature headers are missing");
    }

    /** Fails with 401 when the timestamp is more than five minutes away from {@code now}, either way. */
    static void requireFresh(Signed signed, Instant now) {
        if (Math.abs(now.getEpochSecond() - signed.timestamp()) > TOLERANCE.toSeconds()) {
            throw ApiException.unauthorized("the webhook timestamp is outside the tolerance");
        }
    }

    /** True when any {@code v1,} entry of the signature header is the signature of {@code body} with {@code secret}. */
    static boolean matches(String secret, Signed signed, byte[] body) {
        byte[] expected;
        try {
            expected = WebhookSignature.sign(secret, signed.id(), signed.timestamp(), body).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean match = false;
        for (String candidate : signed.signatures().trim().split(" +")) {
            match |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    /** Fails with 401 unless the request is fresh and signed with {@code secret}. */
    static void verify(String secret, Signed signed, byte[] body, Instant now) {
        requireFresh(signed, now);
        if (!matches(secret, signed, body)) {
            throw ApiException.unauthorized("invalid webhook signature");
        }
    }
}
