package dev.switchboard.platform.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/** Passes envelopes by reference within a node and as JSON across a clustered bus. */
public final class EventEnvelopeCodec implements MessageCodec<EventEnvelope, EventEnvelope> {

    public static final String NAME = "event-envelope";

    @Override
    public void encodeToWire(Buffer buffer, EventEnvelope envelope) {
        Buffer json = envelope.toJson().toBuffer();
        buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public EventEnvelope decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        return EventEnvelope.fromJson(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
    }

    @Override
    public EventEnvelope transform(EventEnvelope envelope) {
        return envelope;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
