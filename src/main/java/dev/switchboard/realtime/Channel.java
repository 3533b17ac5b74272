package dev.switchboard.realtime;

import dev.switchboard.platform.db.Ids;
import java.util.UUID;

/**
 * A subscribable channel name: {@code user:{id}}, {@code org}, {@code conversation:{id}}, {@code case:{id}},
 * {@code presence}.
 */
public record Channel(Kind kind, UUID id) {

    public static final Channel ORG = new Channel(Kind.ORG, null);
    public static final Channel PRESENCE = new Channel(Kind.PRESENCE, null);

    /** The kinds of channel; record kinds carry the record type their id names. */
    public enum Kind {
        USER(null), ORG(null), PRESENCE(null), CONVERSATION("conversation"), CASE("case");

        private final String recordType;

        Kind(String recordType) {
            this.recordType = recordType;
        }

        public String recordType() {
            return recordType;
        }

        String prefix() {
            return name().toLowerCase();
        }
    }

    public static Channel user(UUID id) {
        return new Channel(Kind.USER, id);
    }

    /** The channel of a record type and id, or null for types without one. */
    public static Channel ofRecord(String type, UUID id) {
        if (id == null) {
            return null;
        }
        for (Kind kind : Kind.values()) {
            if (kind.recordType != null && kind.recordType.equals(type)) {
                return new Channel(kind, id);
            }
        }
        return null;
    }

    /** The channel a client named, or null when the name is not one. */
    public static Channel parse(String name) {
        if (name == null) {
            return null;
        }
        if (name.equals("org")) {
            return ORG;
        }
        if (name.equals("presence")) {
            return PRESENCE;
        }
        int colon = name.indexOf(':');
        if (colon < 0) {
            return null;
        }
        UUID id = Ids.parse(name.substring(colon + 1));
        String prefix = name.substring(0, colon);
        for (Kind kind : Kind.values()) {
            if ((kind == Kind.USER || kind.recordType != null) && kind.prefix().equals(prefix)) {
                return id == null ? null : new Channel(kind, id);
            }
        }
        return null;
    }

    public boolean isRecord() {
        return kind.recordType != null;
    }

    public String name() {
        return id == null ? kind.prefix() : kind.prefix() + ":" + id;
    }

    @Override
    public String toString() {
        return name();
    }
}
