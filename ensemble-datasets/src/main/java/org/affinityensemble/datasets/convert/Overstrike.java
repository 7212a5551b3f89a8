package org.affinityensemble.datasets.convert;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves typewriter-style backspace overstrikes, as old fortune files use them: {@code _\bx} (underlined
 * x) and {@code x\bx} (bold x) become x, {@code ____\b\b\b\bword} becomes word, and an accent struck over a
 * letter ({@code e\b'}, {@code '\be}) becomes the accented letter (é). Each line is replayed on a
 * character grid where a backspace moves one cell back.
 */
public final class Overstrike {

    private static final Map<Character, Character> COMBINING = Map.of(
            '\'', '\u0301', '`', '\u0300', '^', '\u0302', '"', '\u0308', '~', '\u0303', ',', '\u0327');

    private Overstrike() {
    }

    /** The text as it would print. Text without backspaces is returned unchanged. */
    public static String resolve(String text) {
        if (text.indexOf('\b') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) {
                out.append('\n');
            }
            out.append(resolveLine(lines[l]));
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static String resolveLine(String line) {
        List<String> cells = new ArrayList<>();
        int cursor = 0;
        for (char c : line.toCharArray()) {
            if (c == '\b') {
                cursor = Math.max(0, cursor - 1);
                continue;
            }
            String struck = String.valueOf(c);
            if (cursor < cells.size()) {
                cells.set(cursor, merge(cells.get(cursor), struck));
            } else {
                cells.add(struck);
            }
            cursor++;
        }
        return String.join("", cells);
    }

    private static String merge(String under, String over) {
        if (under.equals("_") || under.equals(" ")) {
            return over;
        }
        if (over.equals("_") || over.equals(" ")) {
            return under;
        }
        Character accentOver = COMBINING.get(over.charAt(0));
        if (accentOver != null && Character.isLetter(under.charAt(0))) {
            return under + accentOver;
        }
        Character accentUnder = COMBINING.get(under.charAt(0));
        if (accentUnder != null && Character.isLetter(over.charAt(0))) {
            return over + accentUnder;
        }
        return over;
    }
}
