package org.affinityensemble.datasets.convert;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code @data} rows of a Weka ARFF file whose attributes are one quoted string and one nominal
 * class, e.g. {@code 'It\'s grain\nnews',1}. Weka escapes the quote, backslash, tab, newline, carriage
 * return, percent sign and U+001E with a backslash; they are unescaped here.
 */
public final class ArffStringRows {

    /** One data row: the unquoted text and the class value as written. */
    public record Row(String text, String classValue) {
    }

    private ArffStringRows() {
    }

    /** The rows of the file's {@code @data} section, in order; comment lines ({@code %}) are skipped. */
    public static List<Row> read(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        boolean inData = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (!inData) {
                inData = trimmed.equalsIgnoreCase("@data");
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                continue;
            }
            rows.add(parse(trimmed));
        }
        return rows;
    }

    /** One row: a quoted string, a comma, a value. */
    static Row parse(String row) {
        char quote = row.charAt(0);
        if (quote != '\'' && quote != '"') {
            throw new IllegalArgumentException("row does not start with a quoted string: " + preview(row));
        }
        StringBuilder text = new StringBuilder();
        int i = 1;
        for (; i < row.length() && row.charAt(i) != quote; i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length()) {
                i++;
                if (row.startsWith("u001E", i)) {
                    text.append('\u001E');
                    i += 4;
                } else {
                    text.append(unescape(row.charAt(i)));
                }
            } else {
                text.append(c);
            }
        }
        if (i >= row.length() || row.indexOf(',', i) != i + 1) {
            throw new IllegalArgumentException("unterminated string or no class value: " + preview(row));
        }
        return new Row(text.toString(), row.substring(i + 2).strip());
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> c;
        };
    }

    private static String preview(String row) {
        return row.length() <= 60 ? row : row.substring(0, 60) + "...";
    }
}
