package dev.switchboard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON for hashing (in the spirit of RFC 8785): object keys sorted, no insignificant
 * whitespace, strings escaped the one way Vert.x's encoder does. Values read back from PostgreSQL
 * encode identically every time, which is what the audit chain needs.
 */
final class CanonicalJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CanonicalJson() {
    }

    /** {@code value} as canonical JSON, written by one generator: every string, name and number as Vert.x encodes it. */
    static String encode(Object value) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof JsonObject object) {
            writeObject(generator, object.getMap());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(generator, map);
        } else if (value instanceof JsonArray array) {
            writeArray(generator, array.getList());
        } else if (value instanceof List<?> list) {
            writeArray(generator, list);
        } else {
            JacksonCodec.encodeJson(value, generator);
        }
    }

    private static void writeObject(JsonGenerator generator, Map<?, ?> map) throws IOException {
        List<String> keys = new ArrayList<>(map.size());
        map.keySet().forEach(k -> keys.add(k.toString()));
        keys.sort(null);
        generator.writeStartObject();
        for (String key : keys) {
            generator.writeFieldName(key);
            write(generator, map.get(key));
        }
        generator.writeEndObject();
    }

    private static void writeArray(JsonGenerator generator, List<?> list) throws IOException {
        generator.writeStartArray();
        for (Object item : list) {
            write(generator, item);
        }
        generator.writeEndArray();
    }
}
