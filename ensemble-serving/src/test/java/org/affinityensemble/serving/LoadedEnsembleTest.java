package org.affinityensemble.serving;

import static org.affinityensemble.serving.testing.TestEnsembles.SENTENCES;
import static org.affinityensemble.serving.testing.TestEnsembles.adapter;
import static org.affinityensemble.serving.testing.TestEnsembles.entry;
import static org.affinityensemble.serving.testing.TestEnsembles.manifest;
import static org.affinityensemble.serving.testing.TestEnsembles.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.infer.Softmax;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.probe.LinearProbe;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.storage.EnsembleManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving ensemble against ensemble-model's {@link ClassifierLogits} (output ensemble and merged weights
 * computed there independently), on the real MiniLM encoder.
 */
class LoadedEnsembleTest {

    private static BaseModel model;
    private static BaseProjectionWeights baseWeights;
    private static LoraAdapter first;
    private static LoraAdapter second;

    @BeforeAll
    static void load() throws Exception {
        model = MiniLmJar.load();
        baseWeights = BaseProjectionWeights.of(model);
        first = adapter(model.config(), 101, 0.1);
        second = adapter(model.config(), 202, 0.1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static LoadedEnsemble twoTaskEnsemble(int chunkSize) {
        EnsembleManifest manifest = manifest(1, model.modelId(),
                List.of(entry("g-1", Kind.GROUP, "g-1", List.of("imdb", "amazon")),
                        entry("boost-1", Kind.BOOST, null, List.of("amazon"))),
                Map.of("imdb", task(Map.of("g-1", 1.0), 0.8), "amazon", task(Map.of("g-1", 0.6, "boost-1", 0.4), 0.7)));
        return LoadedEnsemble.assemble(model, baseWeights, manifest, Map.of("g-1", first, "boost-1", second), Map.of(),
                chunkSize);
    }

    private static ClassifierLogits reference() {
        LabelPrototypes prototypes = LabelPrototypes.embed(model,
                List.of(new TaskLabels("amazon", List.of("negative", "positive")),
                        new TaskLabels("imdb", List.of("negative", "positive"))), 64);
        return new ClassifierLogits(new PrototypeClassifier(model, prototypes, new ClassifierSettings(20, 64)));
    }

    @Test
    void bothModesMatchEnsembleModelsReferenceAndDifferForTwoAdapters() {
        LoadedEnsemble ensemble = twoTaskEnsemble(3);
        ClassifierLogits reference = reference();
        List<String> tasks = Collections.nCopies(SENTENCES.size(), "amazon");
        double[] weights = {0.6, 0.4};

        TaskScores output = ensemble.score("amazon", SENTENCES, ServingMode.OUTPUT, true);
        assertClose(output.logits(), reference.outputEnsemble(tasks, SENTENCES, List.of(first, second), weights));
        assertThat(output.contributions()).extracting(TaskScores.AdapterScores::adapterId)
                .containsExactly("g-1", "boost-1");
        assertThat(output.contributions()).extracting(TaskScores.AdapterScores::weight).containsExactly(0.6, 0.4);
        assertClose(output.contributions().get(1).logits(), reference.adapter(tasks, SENTENCES, second));

        TaskScores merged = ensemble.score("amazon", SENTENCES, ServingMode.MERGED, false);
        assertClose(merged.logits(), reference.merged(tasks, SENTENCES, List.of(first, second), weights));
        assertThat(merged.contributions()).isEmpty();
        assertThat(maxDifference(merged.logits(), output.logits()))
                .as("merging two adapters is not the output ensemble").isGreaterThan(1e-3);
        ensemble.release();
    }

    @Test
    void oneAdapterOfWeightOneGivesTheSameLogitsInBothModes() {
        LoadedEnsemble ensemble = twoTaskEnsemble(32);
        double[][] output = ensemble.score("imdb", SENTENCES, ServingMode.OUTPUT, false).logits();
        double[][] merged = ensemble.score("imdb", SENTENCES, ServingMode.MERGED, false).logits();
        assertThat(maxDifference(output, merged)).isLessThan(1e-4);
        double[][] base = toDoubles(reference().base(Collections.nCopies(SENTENCES.size(), "imdb"), SENTENCES));
        assertThat(maxDifference(output, base)).as("the adapter changes the logits").isGreaterThan(1e-2);
        ensemble.release();
    }

    @Test
    void adaptersScoreTheirTasksAgainstTheirOwnTrainedLabelEmbeddings() {
        LoraAdapter labelledFirst = first.withLabels(Map.of("amazon", randomLabels(7), "imdb", randomLabels(8)));
        LoraAdapter labelledSecond = second.withLabels(Map.of("amazon", randomLabels(9)));
        EnsembleManifest manifest = manifest(5, model.modelId(),
                List.of(entry("g-1", Kind.GROUP, "g-1", List.of("imdb", "amazon")),
                        entry("boost-1", Kind.BOOST, null, List.of("amazon"))),
                Map.of("imdb", task(Map.of("g-1", 1.0), 0.8), "amazon", task(Map.of("g-1", 0.6, "boost-1", 0.4), 0.7)));
        LoadedEnsemble ensemble = LoadedEnsemble.assemble(model, baseWeights, manifest,
                Map.of("g-1", labelledFirst, "boost-1", labelledSecond), Map.of(), 4);
        ClassifierLogits reference = reference();
        List<String> amazon = Collections.nCopies(SENTENCES.size(), "amazon");

        double[][] output = ensemble.score("amazon", SENTENCES, ServingMode.OUTPUT, false).logits();
        assertClose(output, reference.outputEnsemble(amazon, SENTENCES, List.of(labelledFirst, labelledSecond),
                new double[] {0.6, 0.4}));
        double[][] frozen = twoTaskEnsemble(4).score("amazon", SENTENCES, ServingMode.OUTPUT, false).logits();
        assertThat(maxDifference(output, frozen)).as("trained label embeddings replace the prototypes")
                .isGreaterThan(1e-2);
        double[][] imdbOutput = ensemble.score("imdb", SENTENCES, ServingMode.OUTPUT, false).logits();
        double[][] imdbMerged = ensemble.score("imdb", SENTENCES, ServingMode.MERGED, false).logits();
        assertThat(maxDifference(imdbOutput, imdbMerged)).as("one adapter of weight 1: merged mode is exact")
                .isLessThan(1e-4);
        ensemble.release();
    }

    private static float[][] randomLabels(long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[][] vectors = new float[2][model.config().hiddenSize()];
        for (float[] vector : vectors) {
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) random.nextGaussian();
            }
        }
        return vectors;
    }

    @Test
    void nativeMemoryIsFreedWithTheLastReferenceOnly() {
        LoadedEnsemble ensemble = twoTaskEnsemble(32);
        EnsembleSlot slot = new EnsembleSlot();
        slot.swap(ensemble);
        EnsembleSlot.Lease inFlight = slot.acquire().orElseThrow();

        LoadedEnsemble next = twoTaskEnsemble(32);
        slot.swap(next);
        try (EnsembleSlot.Lease lease = slot.acquire().orElseThrow()) {
            assertThat(lease.ensemble()).isSameAs(next);
        }
        assertThat(ensemble.isReleased()).as("a request still runs on the old version").isFalse();
        assertThat(slot.retiredInUse()).isEqualTo(1);
        assertThat(inFlight.ensemble().score("imdb", SENTENCES.subList(0, 1), ServingMode.MERGED, false).logits())
                .hasDimensions(1, 2);

        inFlight.close();
        inFlight.close();
        assertThat(ensemble.isReleased()).isTrue();
        assertThat(ensemble.tryRetain()).isFalse();
        assertThat(slot.retiredInUse()).isZero();
        assertThatThrownBy(() -> ensemble.score("imdb", SENTENCES, ServingMode.MERGED, false))
                .as("its native arrays are closed").isInstanceOf(RuntimeException.class);
        slot.clear();
        assertThat(next.isReleased()).isTrue();
        assertThat(slot.acquire()).isEmpty();
    }

    @Test
    void refusesManifestsItCannotServe() {
        EnsembleManifest otherModel = manifest(2, "another/model", List.of(entry("g-1", Kind.GROUP, "g-1",
                List.of("imdb"))), Map.of("imdb", task(Map.of("g-1", 1.0), null)));
        assertThatThrownBy(() -> LoadedEnsemble.assemble(model, baseWeights, otherModel, Map.of("g-1", first), Map.of(), 8))
                .hasMessageContaining("another/model");
        EnsembleManifest unweighted = manifest(3, model.modelId(), List.of(entry("g-1", Kind.GROUP, "g-1",
                List.of("imdb"))), Map.of("imdb", task(Map.of("g-1", 0.0), null)));
        assertThatThrownBy(() -> LoadedEnsemble.assemble(model, baseWeights, unweighted, Map.of("g-1", first), Map.of(), 8))
                .hasMessageContaining("no adapter with a positive weight");
        EnsembleManifest missing = manifest(4, model.modelId(), List.of(entry("g-1", Kind.GROUP, "g-1",
                List.of("imdb"))), Map.of("imdb", task(Map.of("g-1", 1.0), null)));
        assertThatThrownBy(() -> LoadedEnsemble.assemble(model, baseWeights, missing, Map.of(), Map.of(), 8))
                .hasMessageContaining("adapter g-1 is missing");
    }

    private static void assertClose(double[][] actual, float[][] expected) {
        assertThat(actual).hasDimensions(expected.length, expected[0].length);
        assertThat(maxDifference(actual, toDoubles(expected))).isLessThan(1e-4);
    }

    private static double[][] toDoubles(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = Softmax.toDoubles(rows[i]);
        }
        return out;
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void aTasksProbeMemberIsMixedInLastInBothModesAndShownAmongTheContributions() {
        // a probe on the frozen encoder's sentence embeddings of the eight labelled sentences (negative 0, positive 1)
        List<String> tasks = Collections.nCopies(SENTENCES.size(), "amazon");
        int[] labels = {0, 1, 0, 1, 1, 0, 1, 0};
        PrototypeClassifier frozen = new PrototypeClassifier(model, LabelPrototypes.embed(model,
                List.of(new TaskLabels("amazon", List.of("negative", "positive"))), 64), new ClassifierSettings(20, 64));
        float[][] features = frozen.features(tasks, SENTENCES);
        LinearProbe probe = LinearProbe.fit(features, labels, features, labels, 2, List.of(10.0));
        EnsembleManifest plain = manifest(1, model.modelId(),
                List.of(entry("g-1", Kind.GROUP, "g-1", List.of("imdb", "amazon")),
                        entry("boost-1", Kind.BOOST, null, List.of("amazon"))),
                Map.of("imdb", task(Map.of("g-1", 1.0), 0.8), "amazon", task(Map.of("g-1", 0.6, "boost-1", 0.4), 0.7)));
        EnsembleManifest.TaskEntry amazon = plain.tasks().get("amazon");
        EnsembleManifest.ProbeEntry entry = new EnsembleManifest.ProbeEntry(0.3, "ensembles/m/v1/probes/amazon.liblinear");
        EnsembleManifest withProbe = manifest(1, model.modelId(), plain.adapters(), Map.of("imdb",
                plain.tasks().get("imdb"), "amazon", new EnsembleManifest.TaskEntry(amazon.labels(), amazon.weights(),
                        amazon.validationAccuracy(), amazon.testAccuracy(), null, entry)));
        Map<String, LoraAdapter> adapters = Map.of("g-1", first, "boost-1", second);
        LoadedEnsemble without = LoadedEnsemble.assemble(model, baseWeights, plain, adapters, Map.of(), 3);
        LoadedEnsemble with = LoadedEnsemble.assemble(model, baseWeights, withProbe, adapters,
                Map.of("amazon", LinearProbe.fromBytes(probe.toBytes())), 3);
        double[][] probeLogP = probe.logProbabilities(features, 2);

        for (ServingMode mode : ServingMode.values()) {
            double[][] adaptersAlone = without.score("amazon", SENTENCES, mode, false).logits();
            TaskScores served = with.score("amazon", SENTENCES, mode, true);
            assertThat(maxDifference(served.logits(), LinearProbe.mixed(adaptersAlone, probeLogP, 0.3)))
                    .isLessThan(1e-5);
            TaskScores.AdapterScores last = served.contributions().get(served.contributions().size() - 1);
            assertThat(last.adapterId()).isEqualTo(LoadedEnsemble.PROBE_MEMBER);
            assertThat(last.weight()).isEqualTo(0.3);
            assertThat(maxDifference(last.logits(), probeLogP)).isLessThan(1e-5);
        }
        assertThat(with.probeWeight("amazon")).isEqualTo(0.3);
        assertThat(with.probeWeight("imdb")).isZero();
        assertThat(maxDifference(with.score("imdb", SENTENCES, ServingMode.OUTPUT, false).logits(),
                without.score("imdb", SENTENCES, ServingMode.OUTPUT, false).logits()))
                .as("a task without a probe member is served by its adapters alone").isZero();

        assertThatThrownBy(() -> LoadedEnsemble.assemble(model, baseWeights, withProbe, adapters, Map.of(), 3))
                .hasMessageContaining("amazon's probe ensembles/m/v1/probes/amazon.liblinear is missing");
        LinearProbe threeLabels = LinearProbe.fit(features, new int[] {0, 1, 2, 1, 1, 0, 2, 0}, features,
                new int[] {0, 1, 2, 1, 1, 0, 2, 0}, 3, List.of(10.0));
        assertThatThrownBy(() -> LoadedEnsemble.assemble(model, baseWeights, withProbe, adapters,
                Map.of("amazon", threeLabels), 3)).hasMessageContaining("the task has 2");
        without.release();
        with.release();
    }
}
