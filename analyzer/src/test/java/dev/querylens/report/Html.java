package dev.querylens.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough reading of the report's DOM for its tests: elements by tag and classes, their attributes and bar lengths. */
final class Html {
    private static final Pattern START = Pattern.compile("<(\\w+)\\b[^>]*>");

    private Html() {
    }

    /** An element as its markup, start tag to matching end tag. */
    record Element(String html) {
        String attr(String name) {
            Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(html.substring(0, html.indexOf('>') + 1));
            return m.find() ? m.group(1) : "";
        }

        /** The width, in percent, of the first element inside with these classes. */
        double widthPercent(String classes) {
            return style(classes, "width");
        }

        double leftPercent(String classes) {
            return style(classes, "left");
        }

        private double style(String classes, String property) {
            for (String tag : List.of("span", "div")) {
                List<Element> found = elements(html, tag, classes);
                if (!found.isEmpty()) {
                    Matcher m = Pattern.compile("(?:^|;)\\s*" + property + ":\\s*([0-9.]+)%").matcher(found.get(0).attr("style"));
                    if (m.find()) {
                        return Double.parseDouble(m.group(1));
                    }
                }
            }
            throw new AssertionError("no " + property + " on ." + classes + " in " + html);
        }
    }

    /** The elements with this tag whose class list holds all of {@code classes}, in document order. */
    static List<Element> elements(String html, String tag, String classes) {
        List<String> wanted = Arrays.asList(classes.split(" "));
        List<Element> out = new ArrayList<>();
        Matcher m = START.matcher(html);
        while (m.find()) {
            if (!m.group(1).equals(tag)) {
                continue;
            }
            Matcher c = Pattern.compile("\\sclass=\"([^\"]*)\"").matcher(m.group());
            if (c.find() && Arrays.asList(c.group(1).split(" ")).containsAll(wanted)) {
                out.add(new Element(html.substring(m.start(), end(html, tag, m.start()))));
            }
        }
        return out;
    }

    static long count(String html, String text) {
        return html.split(Pattern.quote(text), -1).length - 1;
    }

    private static int end(String html, String tag, int start) {
        Matcher m = Pattern.compile("<(/?)" + tag + "\\b[^>]*>").matcher(html);
        int depth = 0;
        m.region(start, html.length());
        while (m.find()) {
            depth += m.group(1).isEmpty() ? 1 : -1;
            if (depth == 0) {
                return m.end();
            }
        }
        return html.length();
    }
}
