package dev.switchboard.realtime;

import dev.switchboard.platform.cluster.ClusterLink;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ephemeral messages on a channel ({@code broadcast} frames): from the publish API or from a client to the other
 * subscribers of a record channel. Never stored and never replayed; they reach the channel's subscribers on every
 * node, in the publisher's organization only. On {@code org}, only staff receive them (portal customers never
 * see the organization's internal messages).
 */
final class EphemeralRelay {

    static final String TOPIC = "broadcast";
    /** Longest event name. */
    static final int MAX_EVENT_LENGTH = 64;

    private final ConnectionRegistry registry;
    private final ClusterLink.Topic peers;

    EphemeralRelay(ConnectionRegistry registry, ClusterLink link) {
        this.registry = registry;
        this.peers = link.topic(TOPIC, this::fromPeer);
    }

    /**
     * Sends {@code event} with {@code data} to the subscribers of {@code channel} in {@code tenantId} on every node;
     * {@code sender} (the sending socket, if any) is skipped. Returns the number of sockets reached on this node.
     */
    int publish(UUID tenantId, Channel channel, String event, Object data, UUID fromUser, Connection sender) {
        JsonObject frame = FrameCodec.broadcast(channel.name(), event, data, fromUser, Instant.now());
        peers.publish(tenantId, frame);
        return deliver(tenantId, channel, frame, sender);
    }

    private void fromPeer(ClusterLink.Message m) {
        Channel channel = Channel.parse(EventRoutes.string(m.body(), "channel"));
        String event = EventRoutes.string(m.body(), "event");
        if (channel == null || channel.kind() == Channel.Kind.PRESENCE || event == null || event.length() > MAX_EVENT_LENGTH) {
            throw new IllegalArgumentException("a broadcast needs a channel other than presence and an event name");
        }
        deliver(m.tenantId(), channel, m.body(), null);
    }

    private int deliver(UUID tenantId, Channel channel, JsonObject frame, Connection sender) {
        List<Connection> recipients = new ArrayList<>();
        for (Connection c : registry.subscriberView(tenantId, channel.name())) {
            if (c != sender && !(channel.kind() == Channel.Kind.ORG && c.principal().isCustomer())) {
                recipients.add(c);
            }
        }
        Broadcast.send(recipients, frame);
        return recipients.size();
    }
}
