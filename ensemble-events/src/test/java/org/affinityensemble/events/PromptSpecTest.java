package org.affinityensemble.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dataset's prompt for decoder LMs: validated where it enters, carried unchanged by every event that names it. */
class PromptSpecTest {

    private static final List<String> LABELS = List.of("neg", "pos");

    @Test
    void aTemplateNeedsExactlyOnePlaceholder() {
        assertThatThrownBy(() -> new PromptSpec("Review:", null)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("exactly one {text}");
        assertThatThrownBy(() -> new PromptSpec("{text} and {text}", null))
                .hasMessageContaining("exactly one {text}");
        assertThat(new PromptSpec("Review: {text}\nSentiment:", null).template()).contains("{text}");
    }

    @Test
    void labelWordsDefaultToTheLabelNamesAndOtherwiseNeedOnePerLabel() {
        assertThat(PromptSpec.defaults().labelWordsFor(LABELS)).isEqualTo(LABELS);
        assertThat(new PromptSpec("{text} ->", List.of("bad", "good")).labelWordsFor(LABELS))
                .containsExactly("bad", "good");
        assertThatThrownBy(() -> new DatasetDeclared("reviews", LABELS, "", new PromptSpec("{text}",
                List.of("bad", "good", "meh")))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("3 label words for 2 labels");
        assertThatThrownBy(() -> new PromptSpec("{text}", List.of("bad", " "))).hasMessageContaining("non-empty");
    }

    @Test
    void thePromptTravelsThroughTheEventsAndIsAbsentFromTheJsonWhenNotDeclared() {
        PromptSpec prompt = new PromptSpec("Review: {text}\nSentiment:", List.of("bad", "good"));
        DatasetDeclared declared = new DatasetDeclared("reviews", LABELS, "d", prompt);
        assertThat(EventCodec.decode(EventCodec.encode(declared), DatasetDeclared.class).prompt()).isEqualTo(prompt);
        GradientRequest request = new GradientRequest("reviews", 1, 0, 1, LABELS,
                List.of(new GradientRequest.Item("s1", Split.TRAIN, "fine", 1)), null, null, prompt);
        assertThat(EventCodec.decode(EventCodec.encode(request), GradientRequest.class).prompt()).isEqualTo(prompt);
        DatasetReady ready = new DatasetReady("reviews", 1, LABELS, "", Map.of(Split.TRAIN,
                new DatasetReady.SplitObject("b", "k", 1)), "sha", prompt);
        assertThat(EventCodec.decode(EventCodec.encode(ready), DatasetReady.class).prompt()).isEqualTo(prompt);

        String plain = EventCodec.encode(new DatasetDeclared("reviews", LABELS, "d"));
        assertThat(plain).doesNotContain("prompt");
        assertThat(EventCodec.decode(plain, DatasetDeclared.class).prompt()).isNull();
    }
}
