package dev.querylens.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads workflow commands from a step's output the way the Actions runner does (ActionCommand's
 * v2 format): a line that starts with {@code ::}, the command and its properties up to the next
 * {@code ::}, the data after it; properties split at {@code ,} and the first {@code =}, then unescaped.
 * Used to check what a runner would make of QueryLens's output, hostile text included.
 */
public final class WorkflowCommands {
    public record Command(String name, Map<String, String> properties, String data) {
    }

    private WorkflowCommands() {
    }

    /** Every line of the output the runner would take as a command, in order. Lines are split at \n, \r\n and \r as the runner's reader does. */
    public static List<Command> parse(String output) {
        List<Command> commands = new ArrayList<>();
        for (String line : output.split("\r\n|\r|\n", -1)) {
            Command c = parseLine(line);
            if (c != null) {
                commands.add(c);
            }
        }
        return commands;
    }

    public static Command parseLine(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("::")) {
            return null;
        }
        int end = trimmed.indexOf("::", 2);
        if (end < 0) {
            return null;
        }
        String info = trimmed.substring(2, end);
        String data = unescapeData(trimmed.substring(end + 2));
        int space = info.indexOf(' ');
        String name = space < 0 ? info : info.substring(0, space);
        Map<String, String> props = new LinkedHashMap<>();
        if (space >= 0) {
            for (String pair : info.substring(space + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(pair.substring(0, eq), unescapeProperty(pair.substring(eq + 1)));
                }
            }
        }
        return new Command(name, props, data);
    }

    static String unescapeData(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    static String unescapeProperty(String s) {
        return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }
}
