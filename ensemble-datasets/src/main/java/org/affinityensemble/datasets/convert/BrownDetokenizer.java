package org.affinityensemble.datasets.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns Brown corpus form C ({@code word/tag} tokens separated by spaces) back into plain text: the tag
 * after the last '/' is dropped, the corpus's {@code ``} and {@code ''} become double quotes, and
 * punctuation is attached to the word before it (opening quotes and brackets to the word after).
 */
public final class BrownDetokenizer {

    private static final Pattern SPACE_BEFORE_CLOSING = Pattern.compile(" ([,.;:!?)\\]]|'')");
    private static final Pattern SPACE_AFTER_OPENING = Pattern.compile("(``|[(\\[]) ");

    private BrownDetokenizer() {
    }

    /** The plain words of one line or passage of tagged tokens. */
    public static String detokenize(String tagged) {
        List<String> words = new ArrayList<>();
        for (String token : tagged.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int slash = token.lastIndexOf('/');
            words.add(slash > 0 ? token.substring(0, slash) : token);
        }
        String text = String.join(" ", words);
        text = SPACE_BEFORE_CLOSING.matcher(text).replaceAll("$1");
        text = SPACE_AFTER_OPENING.matcher(text).replaceAll("$1");
        return text.replace("``", "\"").replace("''", "\"");
    }
}
