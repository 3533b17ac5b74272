package dev.switchboard.platform.cluster;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;

/**
 * Publishes envelopes on one local address of every node: on this node at once and, in a cluster, on the
 * others through one topic of the {@link ClusterLink}. An envelope arriving from another node must belong to
 * the tenant its record is keyed by; anything else is rejected (and counted by the link).
 */
public final class NodeBroadcast {

    private final TenantBus bus;
    private final String address;
    private final ClusterLink.Topic topic;
    private final boolean clustered;

    /** Declares {@code purpose} on {@code link}; build before the link starts. */
    public NodeBroadcast(TenantBus bus, ClusterLink link, String purpose, String address) {
        this.bus = bus;
        this.address = address;
        this.topic = link.topic(purpose, this::fromOtherNode);
        this.clustered = link.clustered();
    }

    /** Publishes {@code envelope} on this node's address and every other node's. */
    public void publish(EventEnvelope envelope) {
        bus.publish(address, envelope);
        if (clustered) {
            topic.publish(envelope.tenantId(), envelope.toJson());
        }
    }

    private void fromOtherNode(ClusterLink.Message message) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.fromJson(message.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an event envelope", e);
        }
        if (!message.tenantId().equals(envelope.tenantId())) {
            throw new IllegalArgumentException("envelope tenant differs from the record's tenant");
        }
        bus.publish(address, envelope);
    }
}
