package dev.switchboard.search;

import dev.switchboard.platform.db.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** The position after the last hit of a page, in the order of the search (rank, then id, both descending); opaque to clients. */
record SearchCursor(float rank, UUID id) {

    String encode() {
        String raw = Integer.toHexString(Float.floatToIntBits(rank)) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor, or null when {@code text} is not one this server issued. */
    static SearchCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 1 || colon > 8) {
                return null;
            }
            float rank = Float.intBitsToFloat(Integer.parseUnsignedInt(raw.substring(0, colon), 16));
            UUID id = Ids.parse(raw.substring(colon + 1));
            return Float.isFinite(rank) && id != null ? new SearchCursor(rank, id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
