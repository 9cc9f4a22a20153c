package dev.querylens.collect;

import java.util.regex.Pattern;

/**
 * Terminal colour codes, which Rails, the debug module behind Knex and TypeORM's highlighting put
 * around SQL when their output was a terminal (and keep when it is piped with colours forced).
 */
final class AnsiCodes {
    private static final Pattern CODE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private AnsiCodes() {
    }

    static String strip(String line) {
        return line.indexOf('\u001B') < 0 ? line : CODE.matcher(line).replaceAll("");
    }
}
