package org.affinityensemble.datasets.convert;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.affinityensemble.datasets.LabelledExample;

/**
 * The cleaning every task goes through after conversion, in this order:
 * <ol>
 * <li>text to Unicode NFC, control characters removed, every run of white space made one space, trimmed;</li>
 * <li>texts longer than {@value #MAX_TEXT_LENGTH} characters cut to their first {@value #MAX_TEXT_LENGTH}
 * (never inside a surrogate pair);</li>
 * <li>empty texts and labels outside the task's label set dropped;</li>
 * <li>repeated texts: if every copy has the same label the first copy is kept, otherwise every copy is
 * dropped (its label is ambiguous).</li>
 * </ol>
 * Order is kept, so the output is as deterministic as the input.
 */
public final class ExampleCleaner {

    /** The longest text kept, in UTF-16 characters. */
    public static final int MAX_TEXT_LENGTH = 4000;

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\s]]");
    private static final Pattern WHITE_SPACE = Pattern.compile("[\\s\\p{Z}]+");

    /** What cleaning kept and how many examples each rule dropped or cut. */
    public record Cleaned(List<LabelledExample> examples, int truncated, int empty, int otherLabel,
            int duplicates, int conflictingDuplicates) {
    }

    private ExampleCleaner() {
    }

    public static Cleaned clean(List<LabelledExample> raw, List<String> labels) {
        Set<String> known = new HashSet<>(labels);
        List<LabelledExample> normalised = new ArrayList<>();
        int truncated = 0;
        int empty = 0;
        int otherLabel = 0;
        for (LabelledExample example : raw) {
            if (!known.contains(example.label())) {
                otherLabel++;
                continue;
            }
            String text = normalise(example.text());
            if (text.isEmpty()) {
                empty++;
                continue;
            }
            if (text.length() > MAX_TEXT_LENGTH) {
                text = cut(text);
                truncated++;
            }
            normalised.add(example.withText(text));
        }
        Map<String, Set<String>> labelsByText = new HashMap<>();
        for (LabelledExample example : normalised) {
            labelsByText.computeIfAbsent(example.text(), t -> new HashSet<>()).add(example.label());
        }
        Map<String, LabelledExample> firstByText = new LinkedHashMap<>();
        int duplicates = 0;
        int conflicting = 0;
        for (LabelledExample example : normalised) {
            if (labelsByText.get(example.text()).size() > 1) {
                conflicting++;
            } else if (firstByText.putIfAbsent(example.text(), example) != null) {
                duplicates++;
            }
        }
        return new Cleaned(List.copyOf(firstByText.values()), truncated, empty, otherLabel, duplicates,
                conflicting);
    }

    /** NFC, control characters removed, white space collapsed and trimmed. */
    public static String normalise(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        String visible = CONTROL.matcher(nfc).replaceAll("");
        return WHITE_SPACE.matcher(visible).replaceAll(" ").strip();
    }

    private static String cut(String text) {
        int end = MAX_TEXT_LENGTH;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end).strip();
    }
}
