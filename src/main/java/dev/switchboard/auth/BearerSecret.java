package dev.switchboard.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * A long-lived bearer secret as its holder sees it: a scheme ({@code sbk_} for API keys, {@code scim_} for SCIM
 * tokens) then base64url of the secret's id, the tenant id and 32 random bytes. The id comes first, so the visible
 * prefix tells secrets apart; the tenant lets the server scope the lookup; only the SHA-256 of the random part is
 * stored.
 */
public record BearerSecret(String scheme, UUID id, UUID tenantId, byte[] secret) {

    /** The scheme of organization API keys. */
    public static final String API_KEY = "sbk_";
    /** Characters of the encoded id shown after the scheme once the secret was created. */
    private static final int PREFIX_ID_CHARS = 12;
    private static final int LENGTH = 16 + 16 + 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static BearerSecret generate(String scheme, UUID id, UUID tenantId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new BearerSecret(scheme, id, tenantId, secret);
    }

    public static boolean looksLike(String scheme, String token) {
        return token != null && token.startsWith(scheme);
    }

    /** Null when {@code value} is not a secret of this scheme and shape. */
    public static BearerSecret parse(String scheme, String value) {
        if (!looksLike(scheme, value) || value.length() > 120) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value.substring(scheme.length()));
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
        return new BearerSecret(scheme, id, tenant, secret);
    }

    public String encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        b.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
        b.put(secret);
        return scheme + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** What is shown of the secret after its creation: the scheme and the start of its id. */
    public String prefix() {
        return encode().substring(0, scheme.length() + PREFIX_ID_CHARS);
    }

    public byte[] hash() {
        return OpaqueToken.sha256(secret);
    }

    public boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(), storedHash);
    }
}
