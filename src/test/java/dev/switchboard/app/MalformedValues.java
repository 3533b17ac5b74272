package dev.switchboard.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Malformed inputs by the type a schema declares: what a careless or hostile client sends instead of a valid
 * value. Body values are JSON values; query and path values are already percent-encoded text.
 */
final class MalformedValues {

    static final String NUL = "bad\u0000value";
    /** Half of a surrogate pair: no character, which a lenient encoder would store as "?". */
    static final String LONE_SURROGATE = "bad\ud800value";
    static final String HUGE_STRING = "x".repeat(100_000);
    static final List<String> EXTREME_TIMESTAMPS = List.of("+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "2030-02-30T25:61:00Z");

    private MalformedValues() {
    }

    /** The primary type of a schema: its first non-null {@code type}, else object. */
    static String type(JsonObject schema) {
        Object type = schema.getValue("type");
        if (type instanceof JsonArray types) {
            return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("object");
        }
        return type == null ? "object" : (String) type;
    }

    /** Values of the wrong type, with NUL, at extremes, or oversized, for a body field of {@code schema}. */
    static List<Object> forBody(JsonObject schema) {
        List<Object> out = new ArrayList<>();
        switch (type(schema)) {
            case "string" -> {
                out.add(NUL);
                out.add(LONE_SURROGATE);
                out.add(12345);
                out.add(HUGE_STRING);
                if (schema.containsKey("enum")) {
                    out.add("not-a-choice");
                }
                String format = schema.getString("format", "");
                if (format.equals("date-time")) {
                    out.addAll(EXTREME_TIMESTAMPS);
                } else if (format.equals("uuid")) {
                    out.add("not-a-uuid");
                }
            }
            case "integer", "number" -> {
                out.add("1");
                out.add(true);
                out.add(2_147_483_648L);
                out.add(new BigInteger("99999999999999999999999999"));
                out.add(-1);
                out.add(1.5);
                out.add(1e308);
            }
            case "boolean" -> {
                out.add("x");
                out.add(1);
            }
            case "array" -> {
                out.add("x");
                out.add(new JsonArray().add(NUL));
                out.add(new JsonArray().add(new JsonObject().put("nested", new JsonArray().add(7))));
                JsonArray huge = new JsonArray();
                for (int i = 0; i < 5_000; i++) {
                    huge.add("item-" + i);
                }
                out.add(huge);
            }
            default -> {
                out.add("x");
                out.add(new JsonArray());
                out.add(new JsonObject().put("key\u0000", "value").put("text", NUL));
                out.add(nested(40));
            }
        }
        return out;
    }

    /** Whole bodies that are not a JSON object, by content type (null: none); sent instead of a valid body. */
    static List<Map.Entry<String, Buffer>> wholeBodies(Buffer valid) {
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '"', '}'};
        return List.of(
                Map.entry("application/json", Buffer.buffer()),
                Map.entry("text/plain", valid),
                Map.entry("application/x-www-form-urlencoded", Buffer.buffer("a=1&b=2")),
                Map.entry("application/json", Buffer.buffer("{")),
                Map.entry("application/json", Buffer.buffer("[]")),
                Map.entry("application/json", Buffer.buffer("\"text\"")),
                Map.entry("application/json", Buffer.buffer("null")),
                Map.entry("application/json", Buffer.buffer(invalidUtf8)),
                Map.entry("application/json", Buffer.buffer("{\"a\":\"\\u0000\"}")),
                Map.entry("application/json", Buffer.buffer("{\"a\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}")),
                Map.entry("application/json", nested(100).toBuffer()),
                Map.entry("application/json", Buffer.buffer("{\"n\":" + "9".repeat(5_000) + "}")));
    }

    /** Percent-encoded query values for a parameter of {@code schema} named {@code name}. */
    static List<String> forQuery(String name, JsonObject schema) {
        List<String> out = new ArrayList<>(List.of("%00", "a%00b", "%FF%FE", "%zz", "x".repeat(3_000)));
        String type = type(schema);
        if (type.equals("integer") || type.equals("number")) {
            out.addAll(List.of("zzz", "0", "-1", "1.5", "99999999999999999999", "1e3"));
        } else if (type.equals("boolean") || schema.containsKey("enum")) {
            out.add("zzz");
        } else if ("date-time".equals(schema.getString("format"))) {
            out.addAll(List.of("%2B999999999-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "zzz"));
        } else if ("uuid".equals(schema.getString("format"))) {
            out.add("zzz");
        }
        if (name.equals("cursor") || name.equals("before")) {
            out.addAll(List.of("zzz", Base64.getUrlEncoder().encodeToString("garbage|x".getBytes(StandardCharsets.UTF_8)), "-1"));
        }
        return out;
    }

    /** Path segments standing where an id or record type goes. */
    static List<String> forPath() {
        return List.of("zzz", "%00", "a%00b", "%FF%FE", "00000000-0000-0000-0000-000000000000", "-1", "99999999999999999999");
    }

    /** A JSON object nested {@code depth} levels deep. */
    static JsonObject nested(int depth) {
        JsonObject root = new JsonObject();
        JsonObject current = root;
        for (int i = 0; i < depth; i++) {
            JsonObject next = new JsonObject();
            current.put("a", next);
            current = next;
        }
        return root;
    }
}
