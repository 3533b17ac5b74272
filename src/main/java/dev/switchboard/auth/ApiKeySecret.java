package dev.switchboard.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * An API key as its holder sees it: {@code sbk_} then base64url of the key id, the tenant id and 32 random bytes.
 * The id comes first, so the visible prefix tells keys apart; the tenant lets the server scope the lookup; only the
 * SHA-256 of the random part is stored.
 */
record ApiKeySecret(UUID id, UUID tenantId, byte[] secret) {

    static final String SCHEME = "sbk_";
    /** Characters shown of a key after it was created: the scheme and the start of its id. */
    static final int PREFIX_LENGTH = SCHEME.length() + 12;
    private static final int LENGTH = 16 + 16 + 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    static ApiKeySecret generate(UUID id, UUID tenantId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKeySecret(id, tenantId, secret);
    }

    static boolean looksLikeKey(String token) {
        return token != null && token.startsWith(SCHEME);
    }

    /** Null when {@code value} is not a key of this shape. */
    static ApiKeySecret parse(String value) {
        if (!looksLikeKey(value) || value.length() > 120) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value.substring(SCHEME.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != LENGTH) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        UUID id = new UUID(b.getLong(), b.getLong());
        UUID tenant = new UUID(b.getLong(), b.getLong());
        byte[] secret = new byte[32];
        b.get(secret);
        return new ApiKeySecret(id, tenant, secret);
    }

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        b.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
        b.put(secret);
        return SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    String prefix() {
        return encode().substring(0, PREFIX_LENGTH);
    }

    byte[] hash() {
        return OpaqueToken.sha256(secret);
    }

    boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(), storedHash);
    }
}
