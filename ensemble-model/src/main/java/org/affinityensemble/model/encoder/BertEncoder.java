package org.affinityensemble.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.tensor.HostTensor;

/**
 * A Hugging Face-compatible BERT encoder built from DJL operators (DJL's own {@code BertBlock} differs from
 * Hugging Face BERT and cannot load its weights): word + position + token-type embeddings and LayerNorm, then per
 * layer softmax self-attention with an additive padding mask, output projection, residual and post-LayerNorm,
 * erf GELU feed-forward, residual and post-LayerNorm. Sentence embeddings are the masked mean of the last hidden
 * states, L2-normalised, as sentence-transformers computes them.
 *
 * <p>The weights are frozen and live in this encoder's own manager; every intermediate array of a forward pass is
 * attached to the manager of the caller's input ids, which the caller closes. A forward pass never modifies the
 * encoder, so one instance may serve concurrent forward passes from several threads (each with its own manager).
 */
public final class BertEncoder implements AutoCloseable {

    /** Subtracted from the attention scores of padding positions: exp underflows to exactly 0, never NaN. */
    private static final double PADDING_PENALTY = 1e9;

    private final BertConfig config;
    private final DataType dataType;
    private final NDManager manager;
    private final Map<String, NDArray> weights;

    private BertEncoder(BertConfig config, DataType dataType, NDManager manager, Map<String, NDArray> weights) {
        this.config = config;
        this.dataType = dataType;
        this.manager = manager;
        this.weights = weights;
    }

    /**
     * Copies Hugging Face-named weights (optionally prefixed {@code bert.}) into native memory as
     * {@code dataType} (FLOAT32 normally; FLOAT64 for finite-difference checks).
     */
    public static BertEncoder create(BertConfig config, Map<String, HostTensor> hfWeights, DataType dataType) {
        NDManager manager = DjlRuntime.newManager();
        try {
            Map<String, NDArray> arrays = new HashMap<>();
            for (String name : BertWeightNames.all(config)) {
                HostTensor tensor = hfWeights.containsKey(name) ? hfWeights.get(name) : hfWeights.get("bert." + name);
                if (tensor == null) {
                    throw new IllegalArgumentException("weights lack " + name);
                }
                long[] expected = expectedShape(config, name);
                if (!Arrays.equals(expected, tensor.shape())) {
                    throw new IllegalArgumentException(name + " has shape " + Arrays.toString(tensor.shape())
                            + ", the configuration needs " + Arrays.toString(expected));
                }
                NDArray array = manager.create(tensor.data(), new Shape(tensor.shape()));
                if (dataType != DataType.FLOAT32) {
                    NDArray converted = array.toType(dataType, false);
                    array.close();
                    array = converted;
                }
                arrays.put(name, array);
            }
            return new BertEncoder(config, dataType, manager, arrays);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public BertConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    /** A copy of this encoder in another floating-point type. */
    public BertEncoder withDataType(DataType newType) {
        return create(config, exportWeights(), newType);
    }

    /** The weights as float32 host tensors under their Hugging Face names. */
    public Map<String, HostTensor> exportWeights() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : BertWeightNames.all(config)) {
            out.put(name, exportWeight(name));
        }
        return out;
    }

    /** One weight as a float32 host tensor, by its Hugging Face name. */
    public HostTensor exportWeight(String name) {
        NDArray array = weights.get(name);
        if (array == null) {
            throw new IllegalArgumentException("the encoder has no weight " + name);
        }
        return HostArrays.tensor(array);
    }

    /** The last hidden states [N, T, hidden] of token ids and attention mask (int64 [N, T]). */
    public NDArray hiddenStates(NDArray ids, NDArray mask, ProjectionAdaptation adaptation) {
        long rows = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException(length + " tokens exceed " + config.maxPositions() + " positions");
        }
        NDManager scope = ids.getManager();
        NDArray positions = scope.arange(0f, length, 1f, DataType.INT64);
        NDArray x = embed(ids, BertWeightNames.WORD_EMBEDDINGS)
                .add(embed(positions, BertWeightNames.POSITION_EMBEDDINGS))
                .add(embed(ids.zerosLike(), BertWeightNames.TOKEN_TYPE_EMBEDDINGS));
        x = layerNorm(x, BertWeightNames.EMBEDDINGS_NORM);
        NDArray additiveMask = mask.toType(dataType, false).sub(1).mul(PADDING_PENALTY)
                .reshape(rows, 1, 1, length);
        for (int layer = 0; layer < config.layers(); layer++) {
            x = layer(layer, x, additiveMask, adaptation);
        }
        return x;
    }

    /** L2-normalised masked-mean sentence embeddings [N, hidden]. */
    public NDArray sentenceEmbeddings(NDArray ids, NDArray mask, ProjectionAdaptation adaptation) {
        return l2Normalize(meanPool(hiddenStates(ids, mask, adaptation), mask));
    }

    /** The mean of the hidden states over the unmasked positions of each row. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray weights = mask.toType(hidden.getDataType(), false).expandDims(2);
        NDArray sum = weights.mul(hidden).sum(new int[] {1});
        return sum.div(weights.sum(new int[] {1}).maximum(1e-9));
    }

    /** Rows divided by their Euclidean norm (at least 1e-12), as {@code torch.nn.functional.normalize}. */
    public static NDArray l2Normalize(NDArray rows) {
        return rows.div(rows.norm(new int[] {-1}, true).maximum(1e-12));
    }

    private NDArray layer(int layer, NDArray x, NDArray additiveMask, ProjectionAdaptation adaptation) {
        long rows = x.getShape().get(0);
        long length = x.getShape().get(1);
        NDArray query = heads(project(adaptation, layer, AttentionModule.Q, x), rows, length);
        NDArray key = heads(project(adaptation, layer, AttentionModule.K, x), rows, length);
        NDArray value = heads(project(adaptation, layer, AttentionModule.V, x), rows, length);
        NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).div(Math.sqrt(config.headSize())).add(additiveMask);
        NDArray context = scores.softmax(-1).matMul(value).transpose(0, 2, 1, 3)
                .reshape(rows, length, config.hiddenSize());
        NDArray attended = layerNorm(project(adaptation, layer, AttentionModule.O, context).add(x),
                BertWeightNames.attentionNorm(layer));
        NDArray intermediate = gelu(linear(attended, BertWeightNames.intermediate(layer)));
        return layerNorm(linear(intermediate, BertWeightNames.output(layer)).add(attended),
                BertWeightNames.outputNorm(layer));
    }

    private NDArray project(ProjectionAdaptation adaptation, int layer, AttentionModule module, NDArray input) {
        String path = BertWeightNames.projection(layer, module);
        return adaptation.project(layer, module, input, weights.get(path + ".weight"), weights.get(path + ".bias"));
    }

    private NDArray heads(NDArray projected, long rows, long length) {
        return projected.reshape(rows, length, config.heads(), config.headSize()).transpose(0, 2, 1, 3);
    }

    private NDArray embed(NDArray ids, String table) {
        return Embedding.embedding(ids, weights.get(table), SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray linear(NDArray input, String module) {
        return Linear.linear(input, weights.get(module + ".weight"), weights.get(module + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray input, String module) {
        return LayerNorm.layerNorm(input, new Shape(config.hiddenSize()), weights.get(module + ".weight"),
                weights.get(module + ".bias"), (float) config.layerNormEps()).singletonOrThrow();
    }

    /** The exact (erf) GELU of BERT: x·½·(1 + erf(x/√2)). */
    private static NDArray gelu(NDArray x) {
        return x.mul(0.5).mul(x.div(Math.sqrt(2.0)).erf().add(1));
    }

    private static long[] expectedShape(BertConfig config, String name) {
        long hidden = config.hiddenSize();
        if (name.equals(BertWeightNames.WORD_EMBEDDINGS)) {
            return new long[] {config.vocabSize(), hidden};
        } else if (name.equals(BertWeightNames.POSITION_EMBEDDINGS)) {
            return new long[] {config.maxPositions(), hidden};
        } else if (name.equals(BertWeightNames.TOKEN_TYPE_EMBEDDINGS)) {
            return new long[] {config.typeVocabSize(), hidden};
        } else if (name.endsWith("intermediate.dense.weight")) {
            return new long[] {config.intermediateSize(), hidden};
        } else if (name.endsWith("intermediate.dense.bias")) {
            return new long[] {config.intermediateSize()};
        } else if (name.endsWith(".output.dense.weight") && !name.contains("attention")) {
            return new long[] {hidden, config.intermediateSize()};
        } else if (name.endsWith(".weight") && !name.contains("LayerNorm")) {
            return new long[] {hidden, hidden};
        }
        return new long[] {hidden};
    }

    /** How many native arrays this encoder's own manager holds (constant after creation unless something leaks). */
    int residentArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
