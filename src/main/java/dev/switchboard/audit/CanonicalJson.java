package dev.switchboard.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON for hashing (in the spirit of RFC 8785): object keys sorted, no insignificant
 * whitespace, strings escaped the one way Vert.x's encoder does. Values read back from PostgreSQL
 * encode identically every time, which is what the audit chain needs.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    static String encode(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value instanceof JsonObject object) {
            writeObject(sb, object.getMap());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(sb, map);
        } else if (value instanceof JsonArray array) {
            writeArray(sb, array.getList());
        } else if (value instanceof List<?> list) {
            writeArray(sb, list);
        } else {
            sb.append(io.vertx.core.json.Json.encode(value));
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        map.keySet().forEach(k -> keys.add(k.toString()));
        keys.sort(null);
        sb.append('{');
        boolean first = true;
        for (String key : keys) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(io.vertx.core.json.Json.encode(key)).append(':');
            write(sb, map.get(key));
        }
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, List<?> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            write(sb, list.get(i));
        }
        sb.append(']');
    }
}
