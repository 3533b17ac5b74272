package dev.switchboard.search;

import dev.switchboard.platform.db.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last hit of a page, in the order of the search (its phase, then rank and id, both
 * descending); opaque to clients.
 */
record SearchCursor(SearchPhase phase, float rank, UUID id) {

    String encode() {
        String raw = phase.code + Integer.toHexString(Float.floatToIntBits(rank)) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or null when {@code text} is not one this server issued. */
    static SearchCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            SearchPhase phase = raw.isEmpty() ? null : SearchPhase.of(raw.charAt(0));
            int colon = raw.indexOf(':');
            if (phase == null || colon < 2 || colon > 9) {
                return null;
            }
            float rank = Float.intBitsToFloat(Integer.parseUnsignedInt(raw.substring(1, colon), 16));
            UUID id = Ids.parse(raw.substring(colon + 1));
            return Float.isFinite(rank) && id != null ? new SearchCursor(phase, rank, id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
