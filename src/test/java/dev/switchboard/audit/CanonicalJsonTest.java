package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void sortsKeysAtEveryDepthAndLeavesNoWhitespace() {
        JsonObject value = new JsonObject().put("b", 1).put("a", new JsonObject().put("d", true).put("c", "x"));
        assertEquals("{\"a\":{\"c\":\"x\",\"d\":true},\"b\":1}", CanonicalJson.encode(value));
    }
}
