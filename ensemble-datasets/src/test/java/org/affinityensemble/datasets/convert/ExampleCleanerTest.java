package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.affinityensemble.datasets.LabelledExample;
import org.junit.jupiter.api.Test;

class ExampleCleanerTest {

    @Test
    void whiteSpaceCollapsesControlCharactersGoAndTextIsNfc() {
        assertThat(ExampleCleaner.normalise("  a\tb\r\n\n c\u00A0d\u0003e\u200Bf ")).isEqualTo("a b c def");
        assertThat(ExampleCleaner.normalise("Honore\u0301")).isEqualTo("Honoré");
    }

    @Test
    void longTextsAreCutWithoutSplittingASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String text = "a".repeat(ExampleCleaner.MAX_TEXT_LENGTH - 1) + emoji + "tail";
        ExampleCleaner.Cleaned cleaned = ExampleCleaner.clean(List.of(new LabelledExample("1", text, "x", null)),
                List.of("x"));
        String kept = cleaned.examples().get(0).text();
        assertThat(kept).hasSize(ExampleCleaner.MAX_TEXT_LENGTH - 1).doesNotContain("\uD83D");
        assertThat(new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(kept);
        assertThat(cleaned.truncated()).isEqualTo(1);
    }

    @Test
    void duplicatesKeepTheFirstCopyUnlessTheirLabelsDisagree() {
        List<LabelledExample> raw = List.of(
                new LabelledExample("1", "same text", "a", null),
                new LabelledExample("2", "same  text ", "a", null),
                new LabelledExample("3", "ambiguous", "a", null),
                new LabelledExample("4", "ambiguous", "b", null),
                new LabelledExample("5", "unknown label", "z", null),
                new LabelledExample("6", " \n ", "a", null),
                new LabelledExample("7", "unique", "b", null));
        ExampleCleaner.Cleaned cleaned = ExampleCleaner.clean(raw, List.of("a", "b"));
        assertThat(cleaned.examples()).extracting(LabelledExample::id).containsExactly("1", "7");
        assertThat(cleaned.duplicates()).isEqualTo(1);
        assertThat(cleaned.conflictingDuplicates()).isEqualTo(2);
        assertThat(cleaned.otherLabel()).isEqualTo(1);
        assertThat(cleaned.empty()).isEqualTo(1);
    }

    @Test
    void utf8IsPreferredAndLatin1IsTheFallback() {
        assertThat(TextDecoding.utf8OrLatin1("pão".getBytes(StandardCharsets.UTF_8))).isEqualTo("pão");
        assertThat(TextDecoding.utf8OrLatin1("pão".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("pão");
    }
}
