package dev.switchboard.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * A bearer secret for refresh tokens and invites: tenant id, row id and 32 random bytes, base64url.
 * The tenant lets the server scope the lookup before it knows anything else; only the SHA-256 of
 * the secret is stored.
 */
public record OpaqueToken(UUID tenantId, UUID id, byte[] secret) {

    private static final int LENGTH = 16 + 16 + 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static OpaqueToken generate(UUID tenantId, UUID id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new OpaqueToken(tenantId, id, secret);
    }

    /** Null when {@code value} is not a token of this shape. */
    public static OpaqueToken parse(String value) {
        if (value == null || value.length() > 100) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != LENGTH) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        UUID tenant = new UUID(b.getLong(), b.getLong());
        UUID id = new UUID(b.getLong(), b.getLong());
        byte[] secret = new byte[32];
        b.get(secret);
        return new OpaqueToken(tenant, id, secret);
    }

    public String encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        b.put(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    public byte[] hash() {
        return sha256(secret);
    }

    /** Constant-time comparison with a stored hash. */
    public boolean matches(byte[] storedHash) {
        return storedHash != null && MessageDigest.isEqual(hash(), storedHash);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
