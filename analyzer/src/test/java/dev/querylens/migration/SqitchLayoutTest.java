package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.CompanionFiles;
import dev.querylens.collect.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sqitch project read as sqitch deploys it: the plan's order (not the names'), a reworked change's
 * earlier version at its earlier place, change names with a directory, revert scripts as the downs
 * of their deploy scripts, verify scripts and the plan as no input.
 */
class SqitchLayoutTest {
    @TempDir
    Path dir;

    @Test
    void theHistoryIsThePlansOrderRevertsAreItsDownsAndVerifyScriptsAreNoInput() throws Exception {
        Path top = Files.createDirectories(dir.resolve("db"));
        Files.writeString(top.resolve("sqitch.plan"), """
                %syntax-version=1.0.0
                %project=shop

                users 2024-01-01T00:00:00Z Ann <ann@example.com> # users
                orders [users] 2024-01-02T00:00:00Z Ann <ann@example.com> # orders
                # a comment line
                fn 2024-01-03T00:00:00Z Ann <ann@example.com> # a function
                @v1.0 2024-01-04T00:00:00Z Ann <ann@example.com> # first release
                sub/add 2024-01-05T00:00:00Z Ann <ann@example.com> # a change in a directory
                fn [fn@v1.0] 2024-01-06T00:00:00Z Ann <ann@example.com> # fn reworked
                """);
        List<String> scripts = List.of("deploy/users.sql", "deploy/orders.sql", "deploy/fn@v1.0.sql", "deploy/sub/add.sql", "deploy/fn.sql",
                "revert/users.sql", "revert/fn@v1.0.sql", "verify/users.sql", "verify/sub/add.sql");
        for (String s : scripts) {
            Path p = top.resolve(s);
            Files.createDirectories(p.getParent());
            Files.writeString(p, s.startsWith("verify/") ? "SELECT 1 FROM users WHERE false;\n" : "CREATE TABLE t_" + scripts.indexOf(s) + " (id int);\n");
        }
        List<String> forward = new ArrayList<>();
        for (Path p : InputFiles.expand(List.of(dir), d -> { })) {
            if (MigrationPaths.isMigration(p.toString())) {
                forward.add(top.relativize(p).toString());
            }
        }
        // by name fn.sql and fn@v1.0.sql would come first and users.sql last
        assertEquals(List.of("deploy/users.sql", "deploy/orders.sql", "deploy/fn@v1.0.sql", "deploy/sub/add.sql", "deploy/fn.sql"), forward);

        String users = top.resolve("deploy/users.sql").toString();
        assertEquals(Migrator.SQITCH, MigrationPaths.migrator(users, "BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n"));
        assertEquals(Migrator.Transaction.NONE, Migrator.SQITCH.transaction(), "psql --file: only the script's own BEGIN makes a transaction");
        assertEquals(MigrationPaths.Role.DOWN, MigrationPaths.role(top.resolve("revert/users.sql").toString()));
        assertEquals(MigrationPaths.Role.OTHER, MigrationPaths.role(top.resolve("verify/users.sql").toString()));
        assertTrue(MigrationPaths.hasDown(users, null, Migrator.SQITCH));
        assertTrue(MigrationPaths.hasDown(top.resolve("deploy/fn@v1.0.sql").toString(), null, Migrator.SQITCH));
        assertFalse(MigrationPaths.hasDown(top.resolve("deploy/orders.sql").toString(), null, Migrator.SQITCH));
        assertEquals(java.util.Map.of(top.resolve("deploy/users.sql"), top.resolve("revert/users.sql")),
                DownMigrations.pair(List.of(top.resolve("deploy/users.sql"), top.resolve("deploy/orders.sql")),
                        List.of(top.resolve("revert/users.sql"), top.resolve("revert/fn@v1.0.sql"))));

        assertEquals(CompanionFiles.Kind.MIGRATION_CHECKS, CompanionFiles.of(dir, top.resolve("verify/sub/add.sql")));
        assertEquals(CompanionFiles.Kind.MIGRATOR_BOOKKEEPING, CompanionFiles.of(dir, top.resolve("sqitch.plan")));
        // without a plan beside them, directories of these names are just directories
        Path plain = Files.createDirectories(dir.resolve("elsewhere/deploy"));
        Files.writeString(plain.resolve("x.sql"), "SELECT 1;");
        assertEquals(null, SqitchLayout.of(plain.resolve("x.sql").toString()));
        assertEquals(null, CompanionFiles.of(dir, Files.createDirectories(dir.resolve("elsewhere/verify")).resolve("y.sql")));
    }
}
