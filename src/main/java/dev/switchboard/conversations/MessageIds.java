package dev.switchboard.conversations;

import dev.switchboard.platform.config.EmailConfig;
import java.util.Locale;

/** The domain of the Message-IDs this server gives the email it sends: its sender's domain, so replies thread back to it. */
public final class MessageIds {

    static final String FALLBACK_DOMAIN = "switchboard.invalid";

    private MessageIds() {
    }

    /** The domain of {@code SWITCHBOARD_EMAIL_FROM} ({@code Acme <hello@acme.example>} → {@code acme.example}), else a reserved one. */
    public static String domain(EmailConfig email) {
        String from = email.from();
        if (from == null) {
            return FALLBACK_DOMAIN;
        }
        int at = from.lastIndexOf('@');
        if (at < 0) {
            return FALLBACK_DOMAIN;
        }
        String domain = from.substring(at + 1).replace(">", "").trim().toLowerCase(Locale.ROOT);
        return domain.isEmpty() || !domain.matches("[a-z0-9.-]+") ? FALLBACK_DOMAIN : domain;
    }
}
