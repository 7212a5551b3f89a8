package org.affinityensemble.serving;

import static org.affinityensemble.serving.testing.TestEnsembles.SENTENCES;
import static org.affinityensemble.serving.testing.TestEnsembles.entry;
import static org.affinityensemble.serving.testing.TestEnsembles.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.decoder.DecoderArchitecture;
import org.affinityensemble.model.decoder.DecoderBase;
import org.affinityensemble.model.decoder.TinyDecoders;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.serving.testing.TestEnsembles;
import org.affinityensemble.storage.EnsembleManifest;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A served ensemble on a decoder LM (a tiny seeded Llama, LoRA on q, v and the MLP's up projection): each task
 * scored through the prompt its manifest carries, both modes against ensemble-model's {@link ClassifierLogits}.
 */
class DecoderEnsembleTest {

    private static final PromptSpec PROMPT = new PromptSpec("Review: {text}\nSentiment:", List.of("negative",
            "positive"));
    private static final LoraSpec LORA = new LoraSpec(4, 8, List.of("q", "v", "up"), 5L);

    @TempDir
    static Path temp;

    private static DecoderBase model;
    private static LoraAdapter first;
    private static LoraAdapter second;

    @BeforeAll
    static void load() throws Exception {
        Path directory = temp.resolve("tiny-llama");
        TinyDecoders.write(DecoderArchitecture.LLAMA, directory, 11L, 1);
        model = DecoderBase.load(directory, "tiny-llama", DataType.FLOAT32);
        first = adapter(101);
        second = adapter(202);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static LoraAdapter adapter(long seed) {
        return TestEnsembles.withRandomB(model.initialAdapter(new LoraSpec(LORA.rank(), LORA.alpha(), LORA.targets(),
                seed)), seed, 0.3);
    }

    @Test
    void bothModesMatchTheReferenceThroughTheManifestsPrompt() {
        EnsembleManifest manifest = manifest(1, model.modelId(),
                List.of(entry("g-1", Kind.GROUP, "g-1", List.of("reviews")),
                        entry("boost-1", Kind.BOOST, null, List.of("reviews"))),
                Map.of("reviews", new EnsembleManifest.TaskEntry(List.of("neg", "pos"),
                        Map.of("g-1", 0.7, "boost-1", 0.3), 0.8, null, PROMPT, null)));
        LoadedEnsemble ensemble = LoadedEnsemble.assemble(model, BaseProjectionWeights.of(model), manifest,
                Map.of("g-1", first, "boost-1", second), Map.of(), 3);
        ClassifierLogits reference = new ClassifierLogits(model.classifier(
                List.of(new TaskLabels("reviews", List.of("neg", "pos"), PROMPT)), new ClassifierSettings(20, 64)));
        List<String> tasks = Collections.nCopies(SENTENCES.size(), "reviews");
        double[] weights = {0.7, 0.3};

        double[][] output = ensemble.score("reviews", SENTENCES, ServingMode.OUTPUT, false).logits();
        assertClose(output, reference.outputEnsemble(tasks, SENTENCES, List.of(first, second), weights));
        double[][] merged = ensemble.score("reviews", SENTENCES, ServingMode.MERGED, false).logits();
        assertClose(merged, reference.merged(tasks, SENTENCES, List.of(first, second), weights));
        assertThat(output[0]).hasSize(2);
        ensemble.verify("a probe text");
        ensemble.release();
    }

    private static void assertClose(double[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int n = 0; n < actual.length; n++) {
            for (int l = 0; l < actual[n].length; l++) {
                assertThat(actual[n][l]).as("row %d label %d", n, l)
                        .isCloseTo(expected[n][l], org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }
}
