package dev.switchboard.platform.bus;

import java.util.UUID;

/**
 * Who caused something: a user, an organization API key, an organization's SCIM provisioning client, the system
 * itself (sweeper, relay, webhooks), or an anonymous caller.
 */
public record Actor(Type type, UUID id) {

    /** The kind of actor. */
    public enum Type { USER, SYSTEM, ANONYMOUS, API_KEY, SCIM;

        public String wire() {
            return name().toLowerCase();
        }

        public static Type fromWire(String value) {
            return valueOf(value.toUpperCase());
        }
    }

    public static final Actor SYSTEM = new Actor(Type.SYSTEM, null);
    public static final Actor ANONYMOUS = new Actor(Type.ANONYMOUS, null);

    public static Actor user(UUID id) {
        return new Actor(Type.USER, id);
    }

    public static Actor apiKey(UUID id) {
        return new Actor(Type.API_KEY, id);
    }

    /** A SCIM client, named by the bearer token it presented. */
    public static Actor scim(UUID tokenId) {
        return new Actor(Type.SCIM, tokenId);
    }
}
