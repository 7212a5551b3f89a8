package org.affinityensemble.model.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.LabelScores;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.lora.LoraLayout;

/** The encoder's prototype classifier as a {@link TaskClassifier} (a thin adapter; its behaviour is unchanged). */
public final class EncoderTaskClassifier implements TaskClassifier {

    private final PrototypeClassifier classifier;

    public EncoderTaskClassifier(PrototypeClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public String modelId() {
        return classifier.model().modelId();
    }

    @Override
    public DataType loraType() {
        return classifier.dataType();
    }

    @Override
    public LoraLayout layout(LoraSpec spec) {
        return LoraLayout.of(classifier.model().config(), spec);
    }

    @Override
    public TokenBatch tokenize(List<String> taskIds, List<String> texts) {
        return classifier.tokenize(texts);
    }

    @Override
    public TaskScores score(NDManager scope, List<String> taskIds, TokenBatch tokens, LinearAdaptation adaptation) {
        ProjectionAdaptation projection = adaptation instanceof ProjectionAdaptation encoder ? encoder
                : (layer, module, input, weight, bias) -> adaptation.project(layer, module, input, weight, bias);
        LabelScores scores = classifier.score(scope, taskIds, tokens, projection);
        return new TaskScores() {
            @Override
            public NDArray logOdds(int[] labels, double clipEpsilon) {
                return scores.logOdds(labels, clipEpsilon);
            }

            @Override
            public NDArray crossEntropy(int[] labels) {
                return scores.crossEntropy(labels);
            }

            @Override
            public float[][] taskLogits() {
                return scores.toRows();
            }
        };
    }
}
