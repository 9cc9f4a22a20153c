package dev.querylens.database;

/**
 * Server and driver messages as QueryLens may show them: a message can quote the value that
 * failed ({@code invalid input syntax for type integer: "carol@example.org"}), so quoted values
 * and string literals are replaced, as literals in SQL are.
 */
final class ServerMessages {
    private ServerMessages() {
    }

    static String normalized(String message) {
        if (message == null) {
            return "";
        }
        return message.replaceAll("'(?:[^']|'')*'", "\\$n")
                .replaceAll("(: )\"[^\"]*\"$", "$1\"...\"")
                .replaceAll("(?i)(for type [a-z0-9_ ]+: )\"[^\"]*\"", "$1\"...\"");
    }
}
