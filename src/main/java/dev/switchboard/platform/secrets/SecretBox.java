package dev.switchboard.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets for storage with AES-256-GCM: {@code v1:<key id>:<base64(nonce | ciphertext | tag)>}, a random
 * 12-byte nonce per value. The key id (the first 8 hex digits of the key's SHA-256) names the key that sealed a
 * value, so older keys keep opening their values after the current key changed.
 */
public final class SecretBox {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /** @param current the key new values are sealed with; {@code previous} only open older values. Each is 32 bytes. */
    public SecretBox(byte[] current, List<byte[]> previous) {
        currentId = add(current);
        previous.forEach(this::add);
    }

    /** True when {@code stored} is a sealed value rather than a plaintext written before encryption existed. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The sealed form of {@code plaintext}; null stays null. */
    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(currentId.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a secret", e);
        }
    }

    /**
     * The plaintext of a sealed value; null stays null. Fails with IllegalStateException when the value was
     * sealed with an unknown key or was tampered with, or is not sealed at all.
     */
    public String open(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !isSealed(stored)) {
            throw new IllegalStateException("the stored secret is not encrypted");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("the stored secret was encrypted with an unknown key " + parts[1]);
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(parts[1].getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret cannot be decrypted", e);
        }
    }

    /** True when {@code stored} was sealed with an older key (or not at all) and should be sealed again. */
    public boolean needsReseal(String stored) {
        return stored != null && !stored.startsWith(PREFIX + currentId + ":");
    }

    /** The id of the key new values are sealed with (names it in messages without revealing it). */
    public String currentKeyId() {
        return currentId;
    }

    /** The id of the key that sealed {@code stored}, or "none" when it is not a sealed value. */
    public static String keyIdOf(String stored) {
        String[] parts = stored == null ? new String[0] : stored.split(":", 3);
        return parts.length == 3 && isSealed(stored) ? parts[1] : "none";
    }

    /** The last four characters of a secret, for masked views: {@code ••••abcd}. */
    public static String mask(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        return "••••" + (plaintext.length() <= 8 ? "" : plaintext.substring(plaintext.length() - 4));
    }

    static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String add(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a secrets key must be 32 bytes");
        }
        String id = keyId(key);
        keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
        return id;
    }
}
