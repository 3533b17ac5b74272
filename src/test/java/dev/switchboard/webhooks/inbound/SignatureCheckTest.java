package dev.switchboard.webhooks.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Signature verification against the published Standard Webhooks reference example (the reference libraries'
 * "sign function works" test, also Svix's documented example; Svix, and so Resend, uses the same scheme),
 * recomputed independently with Python's hmac before being written down here.
 */
class SignatureCheckTest {

    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SPEC_NOW = Instant.ofEpochSecond(SPEC_TIMESTAMP);

    @Test
    void theSpecificationExampleVerifies() {
        assertEquals(SPEC_SIGNATURE, WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
        SignatureCheck.verify(SPEC_SECRET, signed(SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW);
    }

    @Test
    void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
        String rotated = WebhookSignature.sign(WebhookSignature.newSecret(), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);
        assertTrue(SignatureCheck.matches(SPEC_SECRET, signed(rotated + " " + SPEC_SIGNATURE), SPEC_BODY));
        assertTrue(SignatureCheck.matches(SPEC_SECRET, signed("v1a,abc " + SPEC_SIGNATURE + " " + rotated), SPEC_BODY));
        assertFalse(SignatureCheck.matches(SPEC_SECRET, signed(rotated), SPEC_BODY));
    }

    @Test
    void aChangedByteIdOrTimestampOrAnOtherSchemeFails() {
        byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertFalse(SignatureCheck.matches(SPEC_SECRET, signed(SPEC_SIGNATURE), changed));
        assertFalse(SignatureCheck.matches(SPEC_SECRET, new SignatureCheck.Signed("msg_other", SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY));
        assertFalse(SignatureCheck.matches(SPEC_SECRET, new SignatureCheck.Signed(SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_SIGNATURE), SPEC_BODY));
        assertFalse(SignatureCheck.matches(SPEC_SECRET, signed(SPEC_SIGNATURE.replace("v1,", "v2,")), SPEC_BODY));
        assertFalse(SignatureCheck.matches("whsec_not base64!", signed(SPEC_SIGNATURE), SPEC_BODY));
    }

    @Test
    void timestampsMoreThanFiveMinutesAwayEitherWayAreRejected() {
        SignatureCheck.requireFresh(signed(SPEC_SIGNATURE), SPEC_NOW.plusSeconds(300));
        SignatureCheck.requireFresh(signed(SPEC_SIGNATURE), SPEC_NOW.minusSeconds(300));
        assertEquals(401, assertThrows(ApiException.class,
                () -> SignatureCheck.verify(SPEC_SECRET, signed(SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW.plusSeconds(301))).status());
        assertEquals(401, assertThrows(ApiException.class,
                () -> SignatureCheck.verify(SPEC_SECRET, signed(SPEC_SIGNATURE), SPEC_BODY, SPEC_NOW.minusSeconds(301))).status());
    }

    @Test
    void headersAreReadUnderEitherPrefixAndIncompleteOnesAreMalformed() {
        MultiMap svix = MultiMap.caseInsensitiveMultiMap().add("svix-id", SPEC_ID).add("svix-timestamp", "1614265330")
                .add("svix-signature", SPEC_SIGNATURE);
        assertEquals(signed(SPEC_SIGNATURE), SignatureCheck.headers(svix, "svix", "webhook"));
        MultiMap standard = MultiMap.caseInsensitiveMultiMap().add("Webhook-Id", SPEC_ID).add("Webhook-Timestamp", "1614265330")
                .add("Webhook-Signature", SPEC_SIGNATURE);
        assertEquals(signed(SPEC_SIGNATURE), SignatureCheck.headers(standard, "svix", "webhook"));
        assertEquals(400, assertThrows(ApiException.class, () -> SignatureCheck.headers(MultiMap.caseInsensitiveMultiMap(), "webhook")).status());
        MultiMap badTimestamp = MultiMap.caseInsensitiveMultiMap().add("webhook-id", SPEC_ID).add("webhook-timestamp", "soon")
                .add("webhook-signature", SPEC_SIGNATURE);
        assertEquals(400, assertThrows(ApiException.class, () -> SignatureCheck.headers(badTimestamp, "webhook")).status());
        MultiMap noSignature = MultiMap.caseInsensitiveMultiMap().add("webhook-id", SPEC_ID).add("webhook-timestamp", "1614265330");
        assertEquals(400, assertThrows(ApiException.class, () -> SignatureCheck.headers(noSignature, "webhook")).status());
    }

    private static SignatureCheck.Signed signed(String signatures) {
        return new SignatureCheck.Signed(SPEC_ID, SPEC_TIMESTAMP, signatures);
    }
}
