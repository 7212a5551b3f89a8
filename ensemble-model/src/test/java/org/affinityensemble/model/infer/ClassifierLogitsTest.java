package org.affinityensemble.model.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** The inference helpers: one adapter, the output ensemble and merged mode, on real sentences of two tasks. */
class ClassifierLogitsTest {

    @Test
    void outputEnsembleOfOneAdapterWithWeightOneIsThatAdapter() {
        BaseModel model = TestModels.miniLm();
        ClassifierLogits logits = new ClassifierLogits(TestTasks.classifier(model, 64), 5);
        List<LabelledText> examples = TestTasks.mixed(6);
        List<String> tasks = examples.stream().map(LabelledText::taskId).toList();
        List<String> texts = examples.stream().map(LabelledText::text).toList();
        LoraAdapter adapter = TestTasks.awayFromInit(LoraSpec.defaults(), model, 0.05, 4);

        float[][] single = logits.adapter(tasks, texts, adapter);
        float[][] ensemble = logits.outputEnsemble(tasks, texts, List.of(adapter), new double[] {1});
        float[][] halves = logits.outputEnsemble(tasks, texts, List.of(adapter, adapter), new double[] {0.5, 0.5});
        float[][] base = logits.base(tasks, texts);

        assertThat(ensemble).isDeepEqualTo(single);
        assertThat(maxDiff(halves, single)).isLessThan(1e-5);
        assertThat(maxDiff(single, base)).isGreaterThan(1e-2);
    }

    @Test
    void mergedModeMatchesTheAdapterItMerges() {
        BaseModel model = TestModels.miniLm();
        ClassifierLogits logits = new ClassifierLogits(TestTasks.classifier(model, 64));
        List<LabelledText> examples = TestTasks.mixed(4);
        List<String> tasks = examples.stream().map(LabelledText::taskId).toList();
        List<String> texts = examples.stream().map(LabelledText::text).toList();
        LoraAdapter adapter = TestTasks.awayFromInit(LoraSpec.defaults(), model, 0.05, 8);

        float[][] merged = logits.merged(tasks, texts, List.of(adapter), new double[] {1});
        float[][] unmerged = logits.adapter(tasks, texts, adapter);

        // The same function, computed as x·(W + ΔW)ᵀ instead of x·Wᵀ + s·x·A·B: float32 rounding only.
        assertThat(maxDiff(merged, unmerged)).isLessThan(1e-3);
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).hasSameSizeAs(b[i]);
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }
}
