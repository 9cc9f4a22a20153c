package dev.querylens.cli;

import dev.querylens.database.ConnectionSettings;

/** The --db argument of every command, read once into {@link ConnectionSettings} (URL, PG* variables, ~/.pgpass). */
final class DatabaseUrl {
    private DatabaseUrl() {
    }

    static ConnectionSettings settings(String url) throws InputOptions.InputError {
        try {
            return ConnectionSettings.parse(url);
        } catch (ConnectionSettings.Malformed e) {
            throw new InputOptions.InputError("--db: " + e.getMessage());
        }
    }
}
