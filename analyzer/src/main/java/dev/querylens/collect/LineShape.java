package dev.querylens.collect;

/**
 * What a diagnostic says about a line it could not read, instead of quoting it: unreadable lines
 * have held passwords and email addresses. Its length, and whether it looked like text at all.
 */
final class LineShape {
    private LineShape() {
    }

    static String of(CharSequence raw) {
        int letters = 0;
        int odd = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                letters++;
            } else if (c == 0xFFFD || (c < 32 && c != '\t')) {
                odd++;
            }
        }
        return raw.length() + " characters" + (odd > 0 ? ", " + odd + " unreadable" : letters == 0 ? ", no letters or digits" : "");
    }
}
