package org.affinityensemble.bench.gradients;

import java.util.ArrayList;
import java.util.List;

/**
 * Built-in benchmark inputs: varied English text (word order rotated per example) long enough to be truncated
 * to the requested token count, so every example of a run has the same length. The words are this project's own.
 */
final class BenchmarkTexts {

    private static final List<String> WORDS = List.of(("the service read every review twice before it decided "
            + "whether the product had kept its promise and the answers were mixed because some buyers praised "
            + "the sturdy case the clear sound and the long battery while others found the buttons awkward the "
            + "manual confusing and the price far too high for what arrived in the box after a slow delivery")
            .split(" "));

    private BenchmarkTexts() {
    }

    /** Example {@code index}: at least {@code tokens} words (each at least one token). */
    static String text(int index, int tokens) {
        List<String> words = new ArrayList<>();
        for (int i = 0; words.size() < tokens; i++) {
            words.add(WORDS.get((index * 7 + i * (1 + index % 5)) % WORDS.size()));
        }
        return String.join(" ", words);
    }
}
