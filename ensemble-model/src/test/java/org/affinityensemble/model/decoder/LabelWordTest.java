package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.junit.jupiter.api.Test;

/** Templates, label words and their tokens, truncation, and the full-vocabulary objective. */
class LabelWordTest {

    private static final PromptTemplate SENTIMENT = new PromptTemplate("Review: {text}\nSentiment:");

    @Test
    void aMultiTokenLabelWordIsScoredByItsFirstTokenInContext() {
        PromptTokenizer tokenizer = DecoderFixtures.model("llama").tokenizer();
        TaskPrompt mood = TaskPrompt.of("mood", new PromptTemplate("Text: {text}\nMood:"),
                List.of("cheerful", "gloomy", "neutral"), tokenizer);
        long[] probe = tokenizer.encode("Text: text\nMood:", false);
        for (int l = 0; l < mood.labelCount(); l++) {
            long[] continued = tokenizer.encode("Text: text\nMood: " + mood.labelWords().get(l), false);
            assertThat(Arrays.copyOf(continued, probe.length)).containsExactly(probe);
            assertThat(mood.labelTokens()[l]).isEqualTo(continued[probe.length]);
        }
        // "gloomy" is not in the tiny vocabulary's merges: several tokens, scored by the first (with its space)
        long[] gloomy = tokenizer.encode(" gloomy", false);
        assertThat(gloomy.length).isGreaterThan(1);
        assertThat(mood.labelTokens()[1]).isEqualTo(gloomy[0]);
    }

    @Test
    void labelWordsThatShareTheirFirstTokenAreRejected() {
        PromptTokenizer tokenizer = DecoderFixtures.model("qwen2").tokenizer();
        // " positive" is one token of the tiny vocabulary, so " positively" starts with it
        assertThat(tokenizer.encode(" positive", false)).hasSize(1);
        assertThatThrownBy(() -> TaskPrompt.of("t", SENTIMENT, List.of("positive", "positively"), tokenizer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> TaskPrompt.of("t", SENTIMENT, List.of("positive", " "), tokenizer))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromptTemplate("no placeholder")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongTextIsCutSoThatTheTemplatesAnswerCueSurvives() {
        for (String arch : DecoderFixtures.ARCHITECTURES) {
            PromptTokenizer tokenizer = DecoderFixtures.model(arch).tokenizer();
            String text = "the movie was great and the actors were wonderful. ".repeat(20);
            long[] full = tokenizer.encode(SENTIMENT.render(text), true);
            assertThat(full.length).isGreaterThan(40);
            long[] cut = tokenizer.encodePrompt(SENTIMENT, text, 40);
            assertThat(cut.length).isLessThanOrEqualTo(40).isGreaterThan(30);
            long[] cue = tokenizer.encode("\nSentiment:", false);
            assertThat(Arrays.copyOfRange(cut, cut.length - cue.length, cut.length)).as(arch).containsExactly(cue);
            assertThat(cut[0]).isEqualTo(full[0]); // BOS (llama, mistral) or the first word (qwen2) kept
            long[] shortPrompt = tokenizer.encodePrompt(SENTIMENT, "great", 40);
            assertThat(shortPrompt).containsExactly(tokenizer.encode(SENTIMENT.render("great"), true));
        }
    }

    @Test
    void theBosTokenIsWhatTheTokenizerFileSays() {
        assertThat(DecoderFixtures.model("llama").tokenizer().encode("hi", true)[0])
                .isEqualTo(DecoderFixtures.model("llama").tokenizer().encode("<|begin_of_text|>", false)[0]);
        assertThat(DecoderFixtures.model("mistral").tokenizer().encode("hi", true)[0])
                .isEqualTo(DecoderFixtures.model("mistral").tokenizer().encode("<s>", false)[0]);
        assertThat(DecoderFixtures.model("qwen2").tokenizer().encode("hi", true))
                .containsExactly(DecoderFixtures.model("qwen2").tokenizer().encode("hi", false));
    }

    @Test
    void logOddsUseTheFullVocabularyAndTaskLogitsTheLabelTokens() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("qwen2");
        List<String> tasks = List.of("topic", "sentiment");
        TokenBatch tokens = classifier.tokenize(tasks, List.of("the team won the match.", "great"));
        try (NDManager scope = DjlRuntime.newManager()) {
            LabelWordScores scores = classifier.score(scope, tasks, tokens, LinearAdaptation.BASE);
            float[][] logits = HostArrays.rows(scores.vocabularyLogits());
            assertThat(logits[0]).hasSize(classifier.base().config().vocabSize());
            int[] labels = {1, 0};
            double[] h = HostArrays.doubles(scores.logOdds(labels, 1e-6));
            double[] loss = HostArrays.doubles(scores.crossEntropy(labels));
            float[][] taskLogits = scores.taskLogits();
            assertThat(taskLogits[0]).hasSize(4);
            assertThat(taskLogits[1]).hasSize(2);
            for (int n = 0; n < 2; n++) {
                long token = classifier.task(tasks.get(n)).labelTokens()[labels[n]];
                double max = Double.NEGATIVE_INFINITY;
                for (float z : logits[n]) {
                    max = Math.max(max, z);
                }
                double sum = 0;
                for (float z : logits[n]) {
                    sum += Math.exp(z - max);
                }
                double p = Math.exp(logits[n][(int) token] - max) / sum;
                assertThat(h[n]).isCloseTo(Math.log(p / (1 - p)), org.assertj.core.data.Offset.offset(1e-4));
                assertThat(loss[n]).isCloseTo(-Math.log(p), org.assertj.core.data.Offset.offset(1e-4));
                assertThat(taskLogits[n][labels[n]]).isEqualTo(logits[n][(int) token]);
            }
            double[] clipped = HostArrays.doubles(scores.logOdds(labels, 0.2));
            assertThat(clipped[0]).isCloseTo(Math.log(0.2 / 0.8), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
