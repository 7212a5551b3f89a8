package org.affinityensemble.model.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.gradient.GradientMatrix;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/**
 * The encoder path through the proposed {@link TaskClassifier} interface gives what the encoder's own code gives:
 * one interface serves both paths.
 */
class EncoderTaskClassifierTest {

    @Test
    void gradientsThroughTheInterfaceEqualTheEncodersPerExampleGradients() {
        BaseModel model = TestModels.miniLm();
        PrototypeClassifier classifier = TestTasks.classifier(model, 64);
        LoraSpec spec = new LoraSpec(4, 8, List.of("q", "v"), 5L);
        LoraAdapter adapter = TestTasks.awayFromInit(spec, model, 0.05, 11);
        List<LabelledText> batch = TestTasks.mixed(2);
        EncoderTaskClassifier wrapped = new EncoderTaskClassifier(classifier);
        assertThat(wrapped.layout(spec).parameterCount()).isEqualTo(adapter.layout().parameterCount());
        try (NDManager scope = DjlRuntime.newManager()) {
            GradientMatrix expected = new PerExampleGradients(classifier, 1e-6).batched(scope, adapter, batch);
            GradientMatrix actual = new TaskGradients(wrapped, 1e-6, false).batched(scope, adapter, batch);
            float[][] e = HostArrays.rows(expected.gradients());
            float[][] a = HostArrays.rows(actual.gradients());
            for (int n = 0; n < batch.size(); n++) {
                assertThat(actual.f0()[n]).isCloseTo(expected.f0()[n], org.assertj.core.data.Offset.offset(1e-6));
                for (int i = 0; i < e[n].length; i++) {
                    assertThat(a[n][i]).isCloseTo(e[n][i], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
        TaskTrainingStep.Result step = new TaskTrainingStep(wrapped).step(adapter, batch, 0.01);
        assertThat(step.skipped()).isFalse();
        assertThat(step.adapter().parameters()).isNotEqualTo(adapter.parameters());
    }
}
