package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineWatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStartColumnSaysWhereGradientsAreTaken() throws Exception {
        assertThat(PipelineWatch.start(null)).isEqualTo("-");
        assertThat(PipelineWatch.start(json("{\"state\":\"lora-init\",\"adapterId\":null}"))).isEqualTo("LoRA init");
        assertThat(PipelineWatch.start(json("{\"state\":\"waiting\",\"readyDatasets\":1,\"minDatasets\":3}")))
                .isEqualTo("θ* waits for 1/3 datasets");
        assertThat(PipelineWatch.start(json("{\"state\":\"training\"}"))).isEqualTo("θ* training");
        assertThat(PipelineWatch.start(json("{\"state\":\"ready\",\"adapterId\":\"meta-0a1b\"}")))
                .isEqualTo("θ* meta-0a1b");
        assertThat(PipelineWatch.start(json("{\"state\":\"ready\",\"adapterId\":\"meta-0a1b\",\"readyDatasets\":5,"
                + "\"seenDatasets\":3,\"unseenShare\":0.4,\"retrainShare\":0.5}")))
                .isEqualTo("θ* meta-0a1b (seen 3/5 datasets, unseen 40%)");
        assertThat(PipelineWatch.start(json("{\"state\":\"retraining\",\"adapterId\":\"meta-0a1b\","
                + "\"unseenShare\":0.5,\"retrainShare\":0.5}")))
                .isEqualTo("θ* meta-0a1b, retraining (unseen 50% >= 50%)");
    }

    @Test
    void onlyReadyDatasetsOfTheWatchedTasksCount() throws Exception {
        JsonNode datasets = json("[{\"id\":\"a\",\"state\":\"READY\"},{\"id\":\"b\",\"state\":\"SEALED\"},"
                + "{\"id\":\"c\",\"state\":\"READY\"}]");
        assertThat(PipelineWatch.readyCount(datasets, List.of("a", "b"))).isEqualTo(1);
        assertThat(PipelineWatch.readyCount(null, List.of("a"))).isZero();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
