package dev.switchboard.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchedLookupsTest {

    private final UUID tenant = UUID.randomUUID();
    private final List<List<String>> sent = new ArrayList<>();
    private final List<Promise<Map<String, Integer>>> running = new ArrayList<>();
    private final BatchedLookups<String, Integer> lookups = new BatchedLookups<>(3, (tenantId, keys) -> {
        sent.add(keys);
        Promise<Map<String, Integer>> answer = Promise.promise();
        running.add(answer);
        return answer.future();
    });

    private void answer(int i) {
        Map<String, Integer> values = new HashMap<>();
        sent.get(i).stream().filter(k -> !k.equals("missing")).forEach(k -> values.put(k, k.length()));
        running.get(i).complete(values);
    }

    @Test
    void theFirstLookupGoesAtOnceAndThoseArrivingMeanwhileShareTheNextStatement() {
        Future<Integer> first = lookups.get(tenant, "a");
        assertEquals(List.of(List.of("a")), sent);
        Future<Integer> second = lookups.get(tenant, "bb");
        Future<Integer> again = lookups.get(tenant, "bb");
        Future<Integer> missing = lookups.get(tenant, "missing");
        assertEquals(1, sent.size(), "nothing more is sent while a statement runs");
        answer(0);
        assertEquals(1, first.result());
        assertEquals(List.of("bb", "missing"), sent.get(1), "a key asked twice is read once");
        answer(1);
        assertEquals(2, second.result());
        assertEquals(2, again.result());
        assertTrue(missing.succeeded());
        assertNull(missing.result());
        assertEquals(2, sent.size());
        lookups.get(tenant, "ccc");
        assertEquals(List.of("ccc"), sent.get(2), "the tenant's turn ended: the next lookup goes at once");
    }

    @Test
    void aStatementCarriesAtMostMaxKeysAndTenantsDoNotWaitForEachOther() {
        lookups.get(tenant, "a");
        List<Future<Integer>> waiting = new ArrayList<>();
        for (String k : List.of("b", "c", "d", "e")) {
            waiting.add(lookups.get(tenant, k));
        }
        lookups.get(UUID.randomUUID(), "other");
        assertEquals(List.of("other"), sent.get(1));
        answer(0);
        assertEquals(List.of("b", "c", "d"), sent.get(2));
        answer(2);
        assertEquals(List.of("e"), sent.get(3));
        running.get(3).fail(new IllegalStateException("database down"));
        assertTrue(waiting.get(3).failed(), "a failed statement fails its lookups");
        assertTrue(waiting.get(0).succeeded());
    }
}
