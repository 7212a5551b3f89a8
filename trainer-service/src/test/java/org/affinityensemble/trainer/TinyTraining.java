package org.affinityensemble.trainer;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Training settings small enough for the test data: 3 epochs of batches of 8, 48 tokens, one boosting step. */
public class TinyTraining implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ensemble.trainer.epochs", "3",
                "ensemble.trainer.batch-size", "8",
                "ensemble.trainer.max-length", "48",
                "ensemble.trainer.learning-rate", "2e-3",
                "ensemble.trainer.boosting.steps", "1");
    }
}
