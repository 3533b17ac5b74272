package dev.switchboard.contacts;

import java.util.UUID;

/**
 * The filters of a contact list: text search over name, email, company and phone, a tag (whatever its case), an
 * owner, managed labels (all of them), and archived or active contacts (active by default).
 */
public record ContactFilter(String q, String tag, UUID ownerUserId, boolean archived, UUID[] labelIds) {

    /** {@code q} as a LIKE pattern over the lower-cased search text, with LIKE's wildcards escaped. */
    String textPattern() {
        return q == null ? null : "%" + escape(q.toLowerCase(java.util.Locale.ROOT)) + "%";
    }

    /**
     * When {@code q} looks like part of a phone number ("(415) 555", "+44 20"), its digits as a LIKE
     * pattern over the E.164 phone, so formatting in the query does not prevent a match.
     */
    String phonePattern() {
        if (q == null || !q.matches("[+\\d\\s().-]+")) {
            return null;
        }
        String digits = q.replaceAll("\\D", "");
        return digits.length() < 3 ? null : "%" + digits + "%";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
