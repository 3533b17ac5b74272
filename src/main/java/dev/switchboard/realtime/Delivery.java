package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One event on its way to connections, prepared once however many receive it: what the {@link RecipientFilter}
 * reads from its payload, and its {@code event} frame per channel it travels on, already encoded.
 * Immutable once built, so every event loop may share it.
 */
final class Delivery {

    private final UUID id;
    private final Map<String, Channel> parsed;
    private final Map<String, TextFrame> frames;
    private final String entityType;
    private final UUID entityId;
    private final UUID conversationId;
    private final long occurredAtMillis;

    Delivery(EventEnvelope event, List<String> channels) {
        this.id = event.id();
        this.parsed = new HashMap<>(4);
        this.frames = new HashMap<>(4);
        for (String channel : channels) {
            parsed.put(channel, Channel.parse(channel));
            frames.put(channel, TextFrame.of(FrameCodec.event(event, channel)));
        }
        this.entityType = EventRoutes.string(event.data(), "entityType");
        this.entityId = EventRoutes.uuid(event.data(), "entityId");
        this.conversationId = EventRoutes.conversationOfMessage(event);
        this.occurredAtMillis = event.occurredAt() == null ? -1 : event.occurredAt().toEpochMilli();
    }

    /** The event's id. */
    UUID id() {
        return id;
    }

    /** One of the channels it travels on, parsed; null for others. */
    Channel channel(String name) {
        return parsed.get(name);
    }

    /** The encoded {@code event} frame for one of the channels it travels on. */
    TextFrame frame(String channel) {
        return frames.get(channel);
    }

    /** {@code data.entityType}, or null. */
    String entityType() {
        return entityType;
    }

    /** {@code data.entityId}, or null. */
    UUID entityId() {
        return entityId;
    }

    /** For a message event, its conversation; otherwise null. */
    UUID conversationId() {
        return conversationId;
    }

    /** When the event occurred, in epoch milliseconds; -1 when unknown. */
    long occurredAtMillis() {
        return occurredAtMillis;
    }
}
