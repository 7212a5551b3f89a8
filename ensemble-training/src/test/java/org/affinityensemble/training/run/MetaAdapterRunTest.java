package org.affinityensemble.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.StartAdapter;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.train.TrainingConfig;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.junit.jupiter.api.Test;

class MetaAdapterRunTest {

    private static final ModelReference MODEL = new ModelReference("m", null, 20);
    private static final TrainingConfig TWO_EPOCHS = new TrainingConfig(2, 1e-3, 0.01, 16, 64, 1, false);

    private static TaskSource task(String id, int revision) {
        return new TaskSource(id, revision, List.of("no", "yes"), "datasets/" + id + "/r" + revision + "/train.jsonl",
                "datasets/" + id + "/r" + revision + "/validation.jsonl", null);
    }

    @Test
    void theSameTasksInAnyOrderNameTheSameRunAndAnythingThetaDependsOnChangesIt() {
        TrainingRunSpec spec = MetaAdapterRun.spec(List.of(task("b", 1), task("a", 2)), MODEL, LoraSpec.defaults(),
                TWO_EPOCHS);

        assertThat(spec.runId()).matches("meta-[0-9a-f]{12}").isEqualTo(spec.adapterId());
        assertThat(spec.kind()).isEqualTo(Kind.META);
        assertThat(spec.groupId()).isEqualTo(MetaAdapterRun.GROUP_ID);
        assertThat(spec.start()).isNull();
        assertThat(spec.tasks()).extracting(TaskSource::taskId).containsExactly("a", "b");
        assertThat(MetaAdapterRun.datasets(spec.tasks())).containsExactly("a@2", "b@1");
        assertThat(MetaAdapterRun.spec(List.of(task("a", 2), task("b", 1)), MODEL, LoraSpec.defaults(), TWO_EPOCHS)
                .runId()).isEqualTo(spec.runId());
        for (TrainingRunSpec other : List.of(
                MetaAdapterRun.spec(List.of(task("a", 3), task("b", 1)), MODEL, LoraSpec.defaults(), TWO_EPOCHS),
                MetaAdapterRun.spec(List.of(task("a", 2)), MODEL, LoraSpec.defaults(), TWO_EPOCHS),
                MetaAdapterRun.spec(List.of(task("a", 2), task("b", 1)), MODEL, LoraSpec.defaults(),
                        TWO_EPOCHS.withEpochs(3)),
                MetaAdapterRun.spec(List.of(task("a", 2), task("b", 1)), MODEL, new LoraSpec(4, 8, List.of("q"), 17),
                        TWO_EPOCHS))) {
            assertThat(other.runId()).isNotEqualTo(spec.runId());
        }
        assertThat(TrainingRunSpec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void aMetaInitialisationTrainsAAndBFromTheLoraInitialisationAndARunFromAFrozenStartTrainsBOnly() {
        List<TaskSource> tasks = List.of(task("a", 1));
        StartAdapter start = new StartAdapter("meta-0123456789ab", true);
        assertThatThrownBy(() -> new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, "m", "meta", Kind.META, "m",
                tasks, MODEL, LoraSpec.defaults(), TWO_EPOCHS.withFreezeA(true), Map.of(), null))
                .hasMessageContaining("trains A and B");
        assertThatThrownBy(() -> new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, "m", "meta", Kind.META, "m",
                tasks, MODEL, LoraSpec.defaults(), TWO_EPOCHS, Map.of(), start))
                .hasMessageContaining("from the LoRA initialisation");
        assertThatThrownBy(() -> new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, "r", "g-1", Kind.GROUP, "g-1-v1",
                tasks, MODEL, LoraSpec.defaults(), TWO_EPOCHS, Map.of(), start))
                .hasMessageContaining("must train B only");
        TrainingRunSpec fromStart = new TrainingRunSpec(TrainingRunSpec.SCHEMA_VERSION, "r", "g-1", Kind.GROUP,
                "g-1-v1", tasks, MODEL, LoraSpec.defaults(), TWO_EPOCHS.withFreezeA(true), Map.of(), start);
        assertThat(TrainingRunSpec.fromJson(fromStart.toJson()).start()).isEqualTo(start);
    }
}
