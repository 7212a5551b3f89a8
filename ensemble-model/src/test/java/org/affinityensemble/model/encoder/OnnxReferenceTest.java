package org.affinityensemble.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.testing.Fixtures;
import org.affinityensemble.model.testing.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The DJL encoder against onnxruntime running the same ONNX file (the numerical reference), on real sentences of
 * different lengths in one padded batch.
 */
class OnnxReferenceTest {

    private static final List<String> SENTENCES = Fixtures.texts(Fixtures.amazon()).subList(0, 12);

    @Test
    void hiddenStatesAndSentenceEmbeddingsMatchOnnxRuntime() throws Exception {
        BaseModel model = TestModels.miniLm();
        TokenBatch batch = model.tokenizer().encode(SENTENCES, 128);
        assertThat(java.util.stream.IntStream.range(0, batch.rows()).map(batch::tokenCount).min().getAsInt())
                .as("the batch holds padded rows").isLessThan(batch.length());

        float[][][] reference = onnxHiddenStates(batch);
        double[][] referenceEmbeddings = meanPoolAndNormalise(reference, batch);

        try (NDManager scope = DjlRuntime.newManager()) {
            NDArray ids = batch.idArray(scope);
            NDArray mask = batch.maskArray(scope);
            NDArray hidden = model.encoder().hiddenStates(ids, mask, ProjectionAdaptation.NONE);
            float[] ours = hidden.toFloatArray();
            int h = model.config().hiddenSize();
            double maxHiddenDiff = 0;
            for (int row = 0; row < batch.rows(); row++) {
                for (int t = 0; t < batch.tokenCount(row); t++) {
                    for (int k = 0; k < h; k++) {
                        double diff = ours[(row * batch.length() + t) * h + k] - reference[row][t][k];
                        maxHiddenDiff = Math.max(maxHiddenDiff, Math.abs(diff));
                    }
                }
            }
            float[][] embeddings = HostArrays.rows(model.encoder().sentenceEmbeddings(ids, mask,
                    ProjectionAdaptation.NONE));
            double maxEmbeddingDiff = maxAbsDiff(embeddings, referenceEmbeddings);
            System.out.printf("onnxruntime reference: max |hidden diff| = %.3g, max |embedding diff| = %.3g%n",
                    maxHiddenDiff, maxEmbeddingDiff);
            assertThat(maxHiddenDiff).isLessThan(1e-4);
            assertThat(maxEmbeddingDiff).isLessThan(1e-4);
        }
    }

    @Test
    void embeddingsMatchTheLangchain4jPipelineIncludingItsTokenization() {
        float[][] ours = TestModels.miniLm().embed(SENTENCES, 256);
        AllMiniLmL6V2EmbeddingModel langchain = new AllMiniLmL6V2EmbeddingModel();
        double[][] theirs = new double[SENTENCES.size()][];
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] vector = langchain.embed(SENTENCES.get(i)).content().vector();
            theirs[i] = normalise(toDouble(vector));
        }
        assertThat(maxAbsDiff(ours, theirs)).isLessThan(1e-4);
    }

    private static float[][][] onnxHiddenStates(TokenBatch batch) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = MiniLmJar.openOnnx()) {
            onnx = in.readAllBytes();
        }
        long[][] ids = new long[batch.rows()][batch.length()];
        long[][] mask = new long[batch.rows()][batch.length()];
        long[][] types = new long[batch.rows()][batch.length()];
        for (int row = 0; row < batch.rows(); row++) {
            System.arraycopy(batch.ids(), row * batch.length(), ids[row], 0, batch.length());
            System.arraycopy(batch.mask(), row * batch.length(), mask[row], 0, batch.length());
        }
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
                OnnxTensor typeTensor = OnnxTensor.createTensor(env, types);
                OrtSession.Result result = session.run(Map.of("input_ids", idTensor, "attention_mask", maskTensor,
                        "token_type_ids", typeTensor))) {
            return (float[][][]) result.get(0).getValue();
        }
    }

    private static double[][] meanPoolAndNormalise(float[][][] hidden, TokenBatch batch) {
        double[][] out = new double[hidden.length][];
        for (int row = 0; row < hidden.length; row++) {
            double[] sum = new double[hidden[row][0].length];
            int count = batch.tokenCount(row);
            for (int t = 0; t < count; t++) {
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += hidden[row][t][k] / (double) count;
                }
            }
            out[row] = normalise(sum);
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double[] normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / norm;
        }
        return out;
    }

    private static double maxAbsDiff(float[][] a, double[][] b) {
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
