package dev.switchboard.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.DbConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The server and the database put a tenant in the same shard: consumers read by the database's, wake by the server's. */
class ShardsTest {

    @Test
    void theDatabaseAndTheServerComputeTheSameShard() throws Exception {
        DatabaseUrl database = TestDatabase.newDatabase();
        DatabaseBootstrap.prepare(database, new DbConfig(null, null, 1, 1, null, null), false);
        Random random = new Random(42);
        try (Connection c = TestDatabase.connect(database);
             PreparedStatement st = c.prepareStatement("SELECT event_shard(?::uuid, ?)")) {
            for (int i = 0; i < 2_000; i++) {
                UUID tenant = i == 0 ? new UUID(-1L, -1L) : new UUID(random.nextLong(), random.nextLong());
                int shards = 1 + random.nextInt(64);
                st.setString(1, tenant.toString());
                st.setInt(2, shards);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    assertEquals(Shards.of(tenant, shards), rs.getInt(1), () -> tenant + " among " + shards);
                }
            }
        }
    }
}
