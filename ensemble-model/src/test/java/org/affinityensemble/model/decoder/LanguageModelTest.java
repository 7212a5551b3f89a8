package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.gradient.ProjectedGradient;
import org.affinityensemble.model.gradient.ProjectedGradients;
import org.affinityensemble.model.gradient.RademacherProjection;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraTerms;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.LanguageModels;
import org.affinityensemble.model.task.TaskClassifier;
import org.affinityensemble.model.task.TaskScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decoder behind the model interface the services use: loaded by config.json, classifying by the tasks' prompts. */
class LanguageModelTest {

    @TempDir
    Path temp;

    @Test
    void aModelDirectoryIsLoadedAsADecoderWhenItsConfigNamesOne() throws Exception {
        Path directory = temp.resolve("tiny-qwen2");
        TinyDecoders.write(DecoderArchitecture.QWEN2, directory, 7L, 1);
        try (LanguageModel model = LanguageModels.load(new ModelReference("tiny-qwen2", directory.toString(), 20))) {
            assertThat(model).isInstanceOf(DecoderBase.class);
            assertThat(model.architecture()).isEqualTo("Qwen2ForCausalLM");
            assertThat(model.layout(LoraSpec.defaults()).parameterCount())
                    .isEqualTo(DecoderBase.layout(((DecoderBase) model).config(), LoraSpec.defaults()).parameterCount());
        }
        assertThatThrownBy(() -> LanguageModels.load(new ModelReference("none", temp.toString(), 20)))
                .hasMessageContaining("no config.json");
        assertThatThrownBy(() -> LanguageModels.baseType("bfloat16")).hasMessageContaining("float32 or float16");
    }

    @Test
    void eachTaskIsScoredThroughItsOwnPromptAndLabelWords() {
        DecoderBase base = DecoderFixtures.model("llama");
        TaskLabels sentiment = new TaskLabels("sentiment", List.of("neg", "pos"),
                new PromptSpec("Review: {text}\nSentiment:", List.of("negative", "positive")));
        TaskLabels spam = new TaskLabels("spam", List.of("ham", "spam"), new PromptSpec("Message: {text}\nSpam:",
                List.of("no", "yes")));
        TaskClassifier classifier = base.classifier(List.of(sentiment, spam), new ClassifierSettings(20, 64));
        List<String> tasks = List.of("sentiment", "spam");
        List<String> texts = List.of("a great film", "win a prize");
        try (NDManager scope = DjlRuntime.newManager()) {
            float[][] logits = classifier.score(scope, tasks, classifier.tokenize(tasks, texts), LinearAdaptation.BASE)
                    .taskLogits();
            // the same as the decoder's own next-token logits of each prompt's label tokens
            TaskPrompt review = TaskPrompt.of("sentiment", new PromptTemplate("Review: {text}\nSentiment:"),
                    List.of("negative", "positive"), base.tokenizer());
            LabelWordClassifier alone = new LabelWordClassifier(base, List.of(review), 64);
            float[][] expected = alone.score(scope, List.of("sentiment"),
                    alone.tokenize(List.of("sentiment"), List.of("a great film")), LinearAdaptation.BASE).taskLogits();
            assertThat(logits[0][0]).isCloseTo(expected[0][0], within(1e-5f));
            assertThat(logits[0][1]).isCloseTo(expected[0][1], within(1e-5f));
            assertThat(logits[1]).hasSize(2);
        }
        // label words whose first tokens coincide are refused with the reason
        assertThatThrownBy(() -> base.classifier(List.of(new TaskLabels("topics", List.of("a", "b"),
                new PromptSpec("{text}:", List.of("programming", "programming language")))),
                ClassifierSettings.defaults())).hasMessageContaining("distinct tokens");
    }

    @Test
    void aSeparatorThatIsATokenOfItsOwnBeforeEveryWordEndsThePrompt() {
        // the tiny vocabulary merges a space only with a few capitals (" S"): " A" and " B" both start with the bare
        // space token
        DecoderBase base = DecoderFixtures.model("llama");
        List<String> alphabet = new java.util.ArrayList<>();
        for (char c = 'A'; c <= 'Z'; c++) {
            alphabet.add(String.valueOf(c));
        }
        TaskPrompt letters = TaskPrompt.of("t", new PromptTemplate("Text: {text}\nAnswer:"), alphabet,
                base.tokenizer());
        assertThat(letters.template().pattern()).isEqualTo("Text: {text}\nAnswer: ");
        assertThat(letters.labelTokens()).doesNotHaveDuplicates();
        assertThat(letters.labelTokens()[0]).isEqualTo(base.tokenizer().encode("A", false)[0]);
        // words that merge with the space keep the space in the word (the usual case of real vocabularies)
        TaskPrompt words = TaskPrompt.of("t", new PromptTemplate("Review: {text}\nSentiment:"),
                List.of("negative", "positive"), base.tokenizer());
        assertThat(words.template().pattern()).isEqualTo("Review: {text}\nSentiment:");
    }

    @Test
    void aTokenBudgetCutsBatchesWithoutChangingAnyExamplesGradient() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("qwen2");
        LoraAdapter adapter = DecoderFixtures.goldenAdapter("qwen2");
        List<LabelledText> examples = DecoderFixtures.examples("qwen2");
        ProjectedGradients gradients = new ProjectedGradients(new PerExampleGradients(classifier, 1e-6, false),
                new RademacherProjection(3, adapter.layout().parameterCount(), 32), 8);
        List<ProjectedGradient> whole = gradients.compute(adapter, examples);
        List<ProjectedGradient> cut = gradients.compute(adapter, examples, 1);
        assertThat(cut).hasSameSizeAs(whole);
        for (int n = 0; n < whole.size(); n++) {
            assertThat(cut.get(n).f0()).isCloseTo(whole.get(n).f0(), within(1e-4));
            for (int j = 0; j < 32; j++) {
                assertThat(cut.get(n).projected()[j]).isCloseTo(whole.get(n).projected()[j],
                        within(1e-4f + 1e-3f * Math.abs(whole.get(n).projected()[j])));
            }
        }
    }

    @Test
    void theCentredCorrectLogitIsTheCorrectLabelTokensLogitMinusTheMeanOverTheTasksLabelTokens() {
        LabelWordClassifier classifier = DecoderFixtures.classifier("mistral");
        List<LabelledText> examples = DecoderFixtures.examples("mistral");
        LoraAdapter adapter = DecoderFixtures.goldenAdapter("mistral");
        List<String> tasks = examples.stream().map(LabelledText::taskId).toList();
        int[] labels = examples.stream().mapToInt(LabelledText::label).toArray();
        try (NDManager scope = DjlRuntime.newManager()) {
            TaskScores scores = classifier.score(scope, tasks,
                    classifier.tokenize(tasks, examples.stream().map(LabelledText::text).toList()),
                    LoraTerms.of(adapter, scope, DataType.FLOAT32));
            float[][] logits = scores.taskLogits();
            double[] centred = HostArrays.doubles(scores.centredCorrectLogit(labels));
            for (int n = 0; n < labels.length; n++) {
                double mean = 0;
                for (float z : logits[n]) {
                    mean += z / logits[n].length;
                }
                assertThat(centred[n]).as("row %d", n).isCloseTo(logits[n][labels[n]] - mean, within(1e-4));
            }
        }
    }
}
