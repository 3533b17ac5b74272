package dev.switchboard.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which configuration file applies: the working directory's, else the one next to the jar, else none; and the budget settings. */
class ConfigDiscoveryTest {

    @TempDir
    Path root;

    private Path configIn(Path dir, int port) throws Exception {
        Path file = dir.resolve("config/switchboard.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"http\": {\"port\": " + port + "}}");
        return file;
    }

    @Test
    void theWorkingDirectorysFileWinsOverTheOneNextToTheJar() throws Exception {
        Path work = Files.createDirectories(root.resolve("work"));
        Path jarDir = Files.createDirectories(root.resolve("app"));
        Path working = configIn(work, 9001);
        configIn(jarDir, 9002);
        ConfigLoader.Located located = ConfigLoader.locate(Map.of(), work, jarDir);
        assertEquals(working, located.file());
        assertEquals(9001, ConfigLoader.load(located, Map.of()).http().port());
        assertTrue(located.describe().contains(working.toString()), located.describe());
    }

    @Test
    void runFromElsewhereTheJarFindsItsOwnFileOrTheCheckoutsAboveIt() throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Path checkout = Files.createDirectories(root.resolve("checkout"));
        Path target = Files.createDirectories(checkout.resolve("target"));
        Path beside = configIn(checkout, 9003);
        assertEquals(beside, ConfigLoader.locate(Map.of(), elsewhere, target).file(), "a jar in target/ finds the checkout's file");
        Path own = configIn(target, 9004);
        ConfigLoader.Located located = ConfigLoader.locate(Map.of(), elsewhere, target);
        assertEquals(own, located.file());
        assertEquals(9004, ConfigLoader.load(located, Map.of()).http().port());
    }

    @Test
    void withNoFileItSaysWhereItLooked() throws Exception {
        Path work = Files.createDirectories(root.resolve("empty"));
        ConfigLoader.Located located = ConfigLoader.locate(Map.of(), work, null);
        assertNull(located.file());
        assertTrue(located.describe().contains(work.resolve("config/switchboard.json").toString()), located.describe());
        assertEquals(8080, ConfigLoader.load(located, Map.of()).http().port());
    }

    @Test
    void aNamedFileMustExist() {
        ConfigLoader.Located located = ConfigLoader.locate(Map.of("SWITCHBOARD_CONFIG", root.resolve("missing.json").toString()), root, null);
        assertThrows(ConfigException.class, () -> ConfigLoader.load(located, Map.of()));
    }

    @Test
    void theRequestBudgetHasDefaultsAndChecksItsWindows() {
        LimitsConfig limits = ConfigLoader.load(Map.of(), Map.of()).limits();
        assertEquals(100_000, limits.userRequests());
        assertEquals(Duration.ofMinutes(1), limits.userWindow());
        assertEquals(300_000, limits.organizationRequests());
        assertEquals(5, limits.passwordResetPerHour());
        LimitsConfig set = ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_LIMITS_USER_REQUESTS", "200",
                "SWITCHBOARD_LIMITS_USER_WINDOW", "1s")).limits();
        assertEquals(200, set.userRequests());
        assertEquals(Duration.ofSeconds(1), set.userWindow());
        assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(), Map.of("SWITCHBOARD_LIMITS_USER_WINDOW", "2h")));
    }
}
