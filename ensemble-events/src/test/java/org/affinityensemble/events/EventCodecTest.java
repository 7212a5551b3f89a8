package org.affinityensemble.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void datasetEventsRoundTripWithTheirTypeAndVersion() {
        List<DatasetEvent> events = List.of(
                new DatasetDeclared("sent_imdb", List.of("neg", "pos"), "IMDB sentences"),
                new SampleRecord("sent_imdb", "s-1", Split.TRAIN, "A very, very slow movie.", "neg"),
                new SampleRecord("sent_imdb", "s-2", null, "Loved it.", "pos"),
                new DatasetSealed("sent_imdb", 2));
        for (DatasetEvent event : events) {
            String json = EventCodec.encode(event);
            assertThat(json).contains("\"type\":").contains("\"schemaVersion\":1");
            assertThat(EventCodec.decode(json, DatasetEvent.class)).isEqualTo(event);
        }
        assertThat(EventCodec.encode(events.get(2))).doesNotContain("split");
    }

    @Test
    void splitAcceptsNoneAndCommonSpellings() {
        String json = "{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"a\",\"sampleId\":\"1\","
                + "\"split\":\"none\",\"text\":\"t\",\"label\":\"x\"}";
        assertThat(EventCodec.decode(json, SampleRecord.class).split()).isNull();
        assertThat(Split.fromWire("dev")).isEqualTo(Split.VALIDATION);
    }

    @Test
    void everyRejectionSaysWhy() {
        assertReason("{not json", "malformed JSON");
        assertReason("{\"datasetId\":\"a\"}", "message has no 'type'");
        assertReason("{\"type\":\"dataset.renamed\",\"schemaVersion\":1}", "unknown message type 'dataset.renamed'");
        assertReason("{\"type\":\"dataset.sealed\",\"schemaVersion\":2,\"datasetId\":\"a\",\"sampleCount\":1}",
                "unsupported schema version 2 of 'dataset.sealed'");
        assertReason("{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"a\",\"sampleId\":\"1\","
                + "\"text\":\"  \",\"label\":\"x\"}", "text is empty");
        assertReason("{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"Bad Id\",\"sampleId\":\"1\","
                + "\"text\":\"t\",\"label\":\"x\"}", "datasetId 'Bad Id' must match");
        assertReason("{\"type\":\"dataset.sealed\",\"schemaVersion\":1,\"datasetId\":\"a\",\"sampleCount\":\"many\"}",
                "field 'sampleCount'");
        assertReason("{\"type\":\"dataset.sample\",\"schemaVersion\":1,\"datasetId\":\"a\",\"sampleId\":\"1\","
                + "\"split\":\"holdout\",\"text\":\"t\",\"label\":\"x\"}", "split 'holdout'");
        String gradient = EventCodec.encode(new GradientsCompleted("a", 1, projection(), 1, 3));
        assertThatThrownBy(() -> EventCodec.decode(gradient, DatasetEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("message type 'gradient.completed' does not belong on this topic");
    }

    @Test
    void gradientsTravelAsCompactFloat32() {
        float[] g = new float[400];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(i) * 1e-3f;
        }
        var batch = new GradientBatch("a", 1, 0, 1, projection(),
                List.of(new GradientBatch.ExampleGradient("s1", Split.TRAIN, 1, -0.25, Vectors.encode(g))));
        String json = EventCodec.encode(batch);
        GradientBatch decoded = EventCodec.decode(json, GradientBatch.class);
        assertThat(decoded.examples().get(0).vector()).containsExactly(g);
        assertThat(json.length()).isLessThan(2_500);
    }

    @Test
    void projectionIdChangesWithAnythingTheGradientDependsOn() {
        ProjectionSpec p = projection();
        assertThat(p.id()).hasSize(12).isEqualTo(projection().id());
        assertThat(new ProjectionSpec(p.modelId(), p.lora(), p.maxLength(), p.seed() + 1, p.dim(), p.parameterCount()).id())
                .isNotEqualTo(p.id());
        assertThat(new ProjectionSpec(p.modelId(), new LoraSpec(4, 16, List.of("q", "v"), 17), p.maxLength(), p.seed(),
                p.dim(), p.parameterCount()).id()).isNotEqualTo(p.id());
    }

    @Test
    void aStartAdapterIsPartOfTheProjectionAndAbsentKeepsTheEarlierId() {
        ProjectionSpec p = projection();
        // the id these gradients had before starts existed: stored gradients stay comparable
        assertThat(p.id()).isEqualTo("fc00cc90f9fc");
        ProjectionSpec atMeta = p.startingAt(new StartAdapter("meta-1a2b", true));
        assertThat(atMeta.id()).isNotEqualTo(p.id())
                .isNotEqualTo(p.startingAt(new StartAdapter("meta-1a2b", false)).id())
                .isNotEqualTo(p.startingAt(new StartAdapter("meta-ffff", true)).id());
        assertThat(atMeta.startingAt(null)).isEqualTo(p);
        assertThat(EventCodec.decode(EventCodec.encode(new GradientsCompleted("a", 1, atMeta, 2, 10)),
                GradientsCompleted.class).projection()).isEqualTo(atMeta);
        assertThat(EventCodec.decode(EventCodec.encode(new GradientsCompleted("a", 1, atMeta, 2, 10,
                new TrainingSchedule(3, 1e-3, 0.01, 16, 1))), GradientsCompleted.class).schedule().epochs())
                .isEqualTo(3);
    }

    @Test
    void trainedLabelEmbeddingsArePartOfTheScheduleAndTheProjectionAndAbsentKeepTheEarlierIds() {
        ProjectionSpec p = projection();
        assertThat(p.withLabelScale(0.0).id()).isEqualTo(p.id());
        ProjectionSpec labelled = p.startingAt(new StartAdapter("meta-1a2b", false)).withLabelScale(Math.sqrt(10));
        assertThat(labelled.id()).isNotEqualTo(p.startingAt(new StartAdapter("meta-1a2b", false)).id())
                .isNotEqualTo(p.withLabelScale(1.0).id());
        assertThat(labelled.startingAt(null).labelScale()).isEqualTo(Math.sqrt(10));
        assertThat(EventCodec.encode(new GradientsCompleted("a", 1, p, 2, 10))).doesNotContain("labelScale");
        assertThat(EventCodec.decode(EventCodec.encode(new GradientsCompleted("a", 1, labelled, 2, 10)),
                GradientsCompleted.class).projection()).isEqualTo(labelled);

        TrainingSchedule withLabels = new TrainingSchedule(2, 1e-3, 0.01, 16, 1, 1e-2);
        assertThat(withLabels.labelGradientScale()).isCloseTo(Math.sqrt(10), within(1e-12));
        assertThat(TrainingSchedule.DEFAULTS.labelGradientScale()).isZero();
        String json = EventCodec.encode(new GradientsCompleted("a", 1, p, 2, 10, withLabels));
        assertThat(EventCodec.decode(json, GradientsCompleted.class).schedule()).isEqualTo(withLabels);
        assertThat(EventCodec.encode(new GradientsCompleted("a", 1, p, 2, 10, TrainingSchedule.DEFAULTS)))
                .doesNotContain("labelLearningRate");
        assertThatThrownBy(() -> EventCodec.decode(json.replace("\"labelLearningRate\":0.01",
                "\"labelLearningRate\":-1"), GradientsCompleted.class)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("labelLearningRate");
    }

    @Test
    void aGradientRequestCarriesItsStartAndScheduleAndOneWithoutIsAtTheInitialisationWithTheDefaults() {
        var item = new GradientRequest.Item("s1", Split.TRAIN, "good", 1);
        TrainingSchedule oneEpoch = new TrainingSchedule(1, 2e-3, 0.0, 8, 5);
        var request = new GradientRequest("a", 1, 0, 1, List.of("bad", "good"), List.of(item),
                new StartAdapter("meta-1a2b", true), oneEpoch);
        GradientRequest decoded = EventCodec.decode(EventCodec.encode(request), GradientRequest.class);
        assertThat(decoded.start()).isEqualTo(new StartAdapter("meta-1a2b", true));
        assertThat(decoded.schedule()).isEqualTo(oneEpoch);
        String withoutStart = EventCodec.encode(new GradientRequest("a", 1, 0, 1, List.of("bad", "good"),
                List.of(item)));
        assertThat(withoutStart).doesNotContain("start").doesNotContain("schedule");
        assertThat(EventCodec.decode(withoutStart, GradientRequest.class).start()).isNull();
        assertThat(TrainingSchedule.orDefaults(EventCodec.decode(withoutStart, GradientRequest.class).schedule()))
                .isEqualTo(TrainingSchedule.DEFAULTS);
        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(request).replace("\"epochs\":1",
                "\"epochs\":0"), GradientRequest.class)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("schedule.epochs");
        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(request).replace("meta-1a2b", "../datasets"),
                GradientRequest.class)).isInstanceOf(InvalidEventException.class).hasMessageContaining("start");
    }

    @Test
    void readyEventKeepsSplitsByName() {
        var ready = new DatasetReady("a", 1, List.of("x", "y"), "",
                Map.of(Split.TRAIN, new DatasetReady.SplitObject("b", "datasets/a/1/train.jsonl", 7)), "abc");
        String json = EventCodec.encode(ready);
        assertThat(json).contains("\"train\":{");
        assertThat(EventCodec.decode(json, DatasetReady.class).count(Split.TRAIN)).isEqualTo(7);
    }

    private static void assertReason(String json, String reason) {
        assertThatThrownBy(() -> EventCodec.decode(json, DatasetEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(reason);
    }

    private static ProjectionSpec projection() {
        return new ProjectionSpec("all-minilm-l6-v2", LoraSpec.defaults(), 64, 42, 400, 110_592);
    }
}
