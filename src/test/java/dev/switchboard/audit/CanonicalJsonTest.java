package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Entries chained before a release must verify after it: the canonical form is compared with the form chains were
 * first hashed in, where every key and leaf value was encoded on its own by {@link Json#encode} and joined.
 */
class CanonicalJsonTest {

    @Test
    void encodesEveryKindOfValueExactlyAsEntriesWereFirstHashed() {
        StringBuilder control = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            control.append(c);
        }
        JsonObject value = new JsonObject()
                .put("zeta", "last key")
                .put("alpha", control + "\u007f\u0080\u00e9\u2028\u2029\ud83d\ude00 \"quoted\" back\\slash /slash </script>")
                .put("numbers", new JsonArray().add(0).add(-7).add(Long.MAX_VALUE).add(3.5).add(1e-7).add(1.0E21)
                        .add(new BigDecimal("12345678901234567890.123")).add(0.1f))
                .put("flags", new JsonArray().add(true).add(false).addNull())
                .put("nested", new JsonObject().put("b", new JsonObject().put("y", 2).put("x", 1)).put("a", new JsonArray()
                        .add(new JsonObject().put("k\u00fc", "v").put("K", List.of("x", Map.of("q", 1))))))
                .put("empty", new JsonObject())
                .put("none", new JsonArray())
                .putNull("nothing")
                .put("key with \"quotes\" and \n", "value");
        assertEquals(asFirstHashed(value), CanonicalJson.encode(value));
        assertEquals(asFirstHashed(new JsonArray().add("a").add(1)), CanonicalJson.encode(new JsonArray().add("a").add(1)));
        assertEquals("\"plain\"", CanonicalJson.encode("plain"));
    }

    @Test
    void sortsKeysAtEveryDepthAndLeavesNoWhitespace() {
        JsonObject value = new JsonObject().put("b", 1).put("a", new JsonObject().put("d", true).put("c", "x"));
        assertEquals("{\"a\":{\"c\":\"x\",\"d\":true},\"b\":1}", CanonicalJson.encode(value));
    }

    /** The encoding audit chains were hashed with until now. */
    private static String asFirstHashed(Object value) {
        StringBuilder sb = new StringBuilder();
        joined(sb, value);
        return sb.toString();
    }

    private static void joined(StringBuilder sb, Object value) {
        if (value instanceof JsonObject object) {
            joinedObject(sb, object.getMap());
        } else if (value instanceof Map<?, ?> map) {
            joinedObject(sb, map);
        } else if (value instanceof JsonArray array) {
            joinedArray(sb, array.getList());
        } else if (value instanceof List<?> list) {
            joinedArray(sb, list);
        } else {
            sb.append(Json.encode(value));
        }
    }

    private static void joinedObject(StringBuilder sb, Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        map.keySet().forEach(k -> keys.add(k.toString()));
        keys.sort(null);
        sb.append('{');
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i > 0 ? "," : "").append(Json.encode(keys.get(i))).append(':');
            joined(sb, map.get(keys.get(i)));
        }
        sb.append('}');
    }

    private static void joinedArray(StringBuilder sb, List<?> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i > 0 ? "," : "");
            joined(sb, list.get(i));
        }
        sb.append(']');
    }
}
