package org.affinityensemble.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.gradient.PerExampleGradients;
import org.affinityensemble.model.infer.ClassifierLogits;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.testing.TestModels;
import org.affinityensemble.model.testing.TestTasks;
import org.junit.jupiter.api.Test;

/** Forward passes and gradient computations leave nothing behind in the encoder's own native memory. */
class NativeMemoryTest {

    @Test
    void intermediatesAttachToTheCallersManagerNotToTheModel() {
        BaseModel model = TestModels.miniLm();
        int resident = model.encoder().residentArrays();
        var classifier = TestTasks.classifier(model, 32);
        LoraAdapter adapter = TestTasks.awayFromInit(LoraSpec.defaults(), model, 0.05, 1);
        var examples = TestTasks.mixed(2);

        new ClassifierLogits(classifier).merged(List.of(TestTasks.AMAZON), List.of("Fine."), List.of(adapter),
                new double[] {1});
        try (NDManager scope = DjlRuntime.newManager()) {
            new PerExampleGradients(classifier, 1e-6).batched(scope, adapter, examples);
        }

        assertThat(model.encoder().residentArrays()).isEqualTo(resident);
    }
}
