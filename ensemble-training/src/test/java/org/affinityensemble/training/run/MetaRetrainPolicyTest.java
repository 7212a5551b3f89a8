package org.affinityensemble.training.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** θ* is trained again once the data it has not seen reaches the share, and only then. */
class MetaRetrainPolicyTest {

    private static final MetaRetrainPolicy HALF = new MetaRetrainPolicy(0.5);
    private static final Set<String> SEEN = Set.of("a@1", "b@1", "c@1");

    @Test
    void belowTheShareThetaStarStays() {
        Map<String, Long> ready = ready(Map.of("a@1", 240L, "b@1", 240L, "c@1", 240L, "d@1", 240L, "e@1", 240L));
        MetaRetrainPolicy.Decision decision = HALF.decide(ready, SEEN);
        assertThat(decision.unseenExamples()).isEqualTo(480);
        assertThat(decision.allExamples()).isEqualTo(1200);
        assertThat(decision.unseenDatasets()).isEqualTo(2);
        assertThat(decision.unseenShare()).isEqualTo(0.4);
        assertThat(decision.retrain()).isFalse();
    }

    @Test
    void atTheShareThetaStarIsTrainedAgain() {
        Map<String, Long> ready = ready(Map.of("a@1", 240L, "b@1", 240L, "c@1", 240L, "d@1", 240L, "e@1", 240L,
                "f@1", 240L));
        MetaRetrainPolicy.Decision decision = HALF.decide(ready, SEEN);
        assertThat(decision.unseenShare()).isEqualTo(0.5);
        assertThat(decision.retrain()).isTrue();
        // one large new dataset counts by its examples, not as one dataset
        assertThat(HALF.decide(ready(Map.of("a@1", 100L, "b@1", 100L, "c@1", 100L, "big@1", 400L)), SEEN).retrain())
                .isTrue();
    }

    @Test
    void aNewRevisionOfASeenDatasetIsUnseen() {
        Map<String, Long> ready = ready(Map.of("a@2", 300L, "b@1", 100L, "c@1", 100L));
        MetaRetrainPolicy.Decision decision = HALF.decide(ready, SEEN);
        assertThat(decision.unseenDatasets()).isEqualTo(1);
        assertThat(decision.retrain()).isTrue();
    }

    @Test
    void nothingUnseenOrAShareOfZeroNeverRetrains() {
        assertThat(HALF.decide(ready(Map.of("a@1", 240L, "b@1", 240L, "c@1", 240L)), SEEN).retrain()).isFalse();
        assertThat(HALF.decide(Map.of(), SEEN).unseenShare()).isZero();
        assertThat(new MetaRetrainPolicy(0).decide(ready(Map.of("a@1", 1L, "z@1", 1000L)), SEEN).retrain())
                .isFalse();
        assertThatThrownBy(() -> new MetaRetrainPolicy(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetaRetrainPolicy(-0.1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Long> ready(Map<String, Long> counts) {
        return new LinkedHashMap<>(counts);
    }
}
