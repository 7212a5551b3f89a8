package org.affinityensemble.inference.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.DatasetReady;
import org.affinityensemble.events.EnsemblePublished;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.ProjectionSpec;
import org.affinityensemble.events.Split;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.serving.testing.TestEnsembles;
import org.affinityensemble.storage.EnsembleManifest;
import org.junit.jupiter.api.Test;

class PipelineViewTest {

    private static final ProjectionSpec PROJECTION = new ProjectionSpec("m", LoraSpec.defaults(), 64, 42, 400, 73728);

    static DatasetReady ready(String id, int revision, long train) {
        return new DatasetReady(id, revision, List.of("negative", "positive"), id + " sentences", Map.of(
                Split.TRAIN, new DatasetReady.SplitObject("b", "datasets/" + id + "/train.jsonl", train),
                Split.VALIDATION, new DatasetReady.SplitObject("b", "datasets/" + id + "/validation.jsonl", 10),
                Split.TEST, new DatasetReady.SplitObject("b", "datasets/" + id + "/test.jsonl", 20)), "sha");
    }

    @Test
    void keepsTheNewestOfEverythingWhateverTheOrderOfArrival() {
        PipelineView view = new PipelineView();
        view.datasetReady(ready("sent_imdb", 2, 70));
        view.datasetReady(ready("sent_imdb", 1, 50));
        view.datasetReady(ready("spam", 1, 30));
        view.gradientsCompleted(new GradientsCompleted("sent_imdb", 1, PROJECTION, 2, 60));
        view.gradientsCompleted(new GradientsCompleted("spam", 1, PROJECTION, 1, 40));
        view.affinityUpdated(new AffinityUpdated(2, PROJECTION.id(), List.of("sent_imdb", "spam"),
                new double[][] {{1, -0.5}, {-0.5, 1}}, 50, "loss"));
        view.affinityUpdated(new AffinityUpdated(1, PROJECTION.id(), List.of("sent_imdb"), new double[][] {{1}}, 5,
                "loss"));
        view.groupingUpdated(new GroupingUpdated(1, 2, PROJECTION.id(), List.of(new TaskGroup("g-1",
                List.of("sent_imdb")), new TaskGroup("g-2", List.of("spam"))), List.of("g-1", "g-2"), 1.5, "sdp"));
        view.ensemblePublished(new EnsemblePublished(4, "m", "b", "k4", 1, List.of("g-1")));
        view.ensemblePublished(new EnsemblePublished(3, "m", "b", "k3", 1, List.of("g-1")));

        EnsembleManifest serving = TestEnsembles.manifest(3, "m", List.of(TestEnsembles.entry("g-1",
                EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1", List.of("sent_imdb"))),
                Map.of("sent_imdb", TestEnsembles.task(Map.of("g-1", 1.0), 0.9)));
        DashboardSnapshot snapshot = view.snapshot(serving, new LoadError(4, "corrupt adapter", null));

        assertThat(snapshot.datasets()).extracting(DashboardSnapshot.Dataset::id).containsExactly("sent_imdb", "spam");
        DashboardSnapshot.Dataset imdb = snapshot.datasets().get(0);
        assertThat(imdb.revision()).isEqualTo(2);
        assertThat(imdb.train()).isEqualTo(70);
        assertThat(imdb.gradients().revision()).as("gradients of the older revision").isEqualTo(1);
        assertThat(snapshot.affinity().version()).isEqualTo(2);
        assertThat(snapshot.affinity().matrix()[0][1]).isEqualTo(-0.5);
        assertThat(snapshot.grouping().groups()).extracting(DashboardSnapshot.Group::groupId)
                .containsExactly("g-1", "g-2");
        assertThat(snapshot.ensemble().publishedVersion()).isEqualTo(4);
        assertThat(snapshot.ensemble().servingVersion()).isEqualTo(3);
        assertThat(snapshot.ensemble().tasks().get(0).validationAccuracy()).isEqualTo(0.9);
        assertThat(snapshot.ensemble().loadError().message()).isEqualTo("corrupt adapter");
        assertThat(snapshot.progress()).extracting(DashboardSnapshot.Stage::stage)
                .containsExactly("datasets", "gradients", "affinity", "grouping", "ensemble");
        assertThat(snapshot.progress()).extracting(DashboardSnapshot.Stage::done).containsExactly(2, 1, 2, 2, 1);
        assertThat(snapshot.progress()).extracting(DashboardSnapshot.Stage::total).containsOnly(2);
        assertThat(snapshot.progress().get(4).detail()).isEqualTo("v3 serving, v4 published");
    }

    @Test
    void theServingVersionsStartIsShownAndAVersionAtTheLoraInitialisationShowsNone() {
        PipelineView view = new PipelineView();
        view.ensemblePublished(new EnsemblePublished(2, "m", "b", "k2", 1, List.of("g-1")));
        List<EnsembleManifest.AdapterEntry> adapters = List.of(TestEnsembles.entry("g-1",
                EnsembleManifest.AdapterEntry.Kind.GROUP, "g-1", List.of("sent_imdb")));
        Map<String, EnsembleManifest.TaskEntry> tasks = Map.of("sent_imdb",
                TestEnsembles.task(Map.of("g-1", 1.0), 0.9));
        EnsembleManifest atInit = TestEnsembles.manifest(2, "m", adapters, tasks);
        EnsembleManifest fromTheta = TestEnsembles.manifest(2, "m", adapters, tasks, new EnsembleManifest.StartEntry(
                "meta-7f", List.of("sent_imdb@1", "spam@1", "sent_amazon@1"), 0.25, 0.5));

        assertThat(view.snapshot(atInit, null).ensemble().start()).isNull();
        assertThat(view.snapshot(fromTheta, null).ensemble().start()).isEqualTo(new DashboardSnapshot.Start(
                "meta-7f", List.of("sent_imdb@1", "spam@1", "sent_amazon@1"), 0.25, 0.5));
    }

    @Test
    void anEmptyPipelineShowsNothingYet() {
        DashboardSnapshot snapshot = new PipelineView().snapshot(null, null);
        assertThat(snapshot.datasets()).isEmpty();
        assertThat(snapshot.affinity()).isNull();
        assertThat(snapshot.ensemble()).isNull();
        assertThat(snapshot.progress()).extracting(DashboardSnapshot.Stage::total).containsOnly(0);
    }
}
