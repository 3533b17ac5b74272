package dev.switchboard.auth;

import java.security.SecureRandom;
import java.text.Normalizer;

/** URL-safe organization slugs derived from names. */
final class Slugs {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private Slugs() {
    }

    static String from(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return slug.length() < 2 ? "org-" + suffix() : slug;
    }

    /** The same slug made unique-ish, for when the plain one is taken. */
    static String withSuffix(String slug) {
        return slug + "-" + suffix();
    }

    private static String suffix() {
        StringBuilder sb = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
