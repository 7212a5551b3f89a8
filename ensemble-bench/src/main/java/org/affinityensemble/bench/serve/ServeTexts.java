package org.affinityensemble.bench.serve;

import java.util.ArrayList;
import java.util.List;

/** Varied review-like sentences for the benchmark (this project's own words), 12 to 30 words each. */
final class ServeTexts {

    private static final String[] WORDS = ("the phone arrived late but the sound is clear and the battery lasts "
            + "all day although the case feels cheap and the buttons stick now and then so I would not buy it "
            + "again unless the price drops a lot because the screen scratches easily and support never answered")
            .split(" ");

    private ServeTexts() {
    }

    static String text(int index) {
        int length = 12 + (index * 7) % 19;
        List<String> words = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            words.add(WORDS[(index * 11 + i * (1 + index % 4)) % WORDS.length]);
        }
        return String.join(" ", words) + ".";
    }

    static List<String> texts(int from, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(text(from + i));
        }
        return out;
    }
}
