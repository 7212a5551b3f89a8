package org.affinityensemble.model.decoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.affinityensemble.model.tensor.HostTensor;

/**
 * A Hugging Face {@code LlamaForCausalLM} / {@code Qwen2ForCausalLM} / {@code MistralForCausalLM} built from DJL
 * operators. Per layer: x += o(attention(rope(q(n₁(x))), rope(k(n₁(x))), v(n₁(x)))), then
 * x += down(silu(gate(n₂(x))) · up(n₂(x))), with n RMSNorm (x / √(mean x² + ε) · w); the final RMSNorm and the LM
 * head (tied to the embeddings or not) are applied at the answer position only.
 *
 * <ul>
 *   <li>Rotary embeddings in Hugging Face's rotate_half convention: x·cos + rotate_half(x)·sin with
 *       rotate_half(x) = (−x₂, x₁) for the halves x₁, x₂ of a head, angles position·f_i for the
 *       {@link DecoderConfig#inverseFrequencies()} (llama3 / linear scaling applied there), duplicated over
 *       both halves.</li>
 *   <li>Grouped-query attention: query head h uses key/value head h / (heads / kv_heads), computed by
 *       broadcasting, never by copying the keys.</li>
 *   <li>Masks: causal, Mistral's sliding window (key j visible from query i iff i − window &lt; j ≤ i), and
 *       padding (keys with attention mask 0 are excluded). The batch may be padded on either side: positions are
 *       counted over the real tokens only (cumsum of the mask − 1), so a padded row computes exactly what the
 *       unpadded sequence computes, and the answer position of a row is its last real token.
 *       {@link PromptTokenizer} pads on the right.</li>
 *   <li>Precision: the frozen weights are STORED in {@code baseType}: float32 (everything checked against the
 *       reference), or float16 to halve the memory of the base on a GPU; bfloat16 is refused
 *       ({@link #BFLOAT16_UNSUPPORTED}), bfloat16 checkpoints load widened exactly. Activations, LoRA terms,
 *       gradients and logits are always float32 (float64 for a float64 base): each half-precision weight is widened
 *       where it is used. This is forced by DJL 0.33, whose {@code toType} detaches from the autograd graph, so a
 *       cast between a LoRA leaf and the loss would silently cut the gradient; widening constants is safe. Half
 *       precision therefore saves memory, not compute.</li>
 * </ul>
 *
 * <p>The weights live in this model's own manager and are never modified; every array of a forward pass is attached
 * to the caller's scope. One instance serves concurrent forward passes (each with its own scope).
 */
public final class DecoderLm implements AutoCloseable {

    /**
     * Why a bfloat16 base is refused: with DJL 0.33.0 / PyTorch 2.5.1 (the versions this project pins, ADR 0003)
     * any conversion to bfloat16 aborts the JVM in native code ("terminate called without an active exception",
     * measured here), so the half-precision option is float16; bfloat16 checkpoints are widened on load.
     */
    static final String BFLOAT16_UNSUPPORTED = "DJL 0.33's PyTorch engine aborts the process on bfloat16 arrays; "
            + "hold the base in FLOAT16 (CUDA) or FLOAT32";

    /** Subtracted from masked attention scores (in float32): exp underflows to exactly 0, never NaN. */
    private static final float MASKED = 1e9f;

    private final DecoderConfig config;
    private final DataType baseType;
    private final DataType computeType;
    private final NDManager manager;
    private final Map<String, NDArray> weights;
    private final float[] inverseFrequencies;

    private DecoderLm(DecoderConfig config, DataType baseType, NDManager manager, Map<String, NDArray> weights) {
        checkBaseType(baseType);
        this.config = config;
        this.baseType = baseType;
        this.computeType = baseType == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        this.manager = manager;
        this.weights = weights;
        double[] frequencies = config.inverseFrequencies();
        this.inverseFrequencies = new float[frequencies.length];
        for (int i = 0; i < frequencies.length; i++) {
            inverseFrequencies[i] = (float) frequencies[i];
        }
    }

    /** Loads config.json and the (possibly sharded) safetensors weights of a model directory. */
    public static DecoderLm load(Path directory, DataType baseType) throws IOException {
        DjlRuntime.ensureOffline();
        checkBaseType(baseType);
        DecoderConfig config = DecoderConfig.fromHfConfig(Files.readAllBytes(directory.resolve("config.json")));
        ShardedSafetensors stored = ShardedSafetensors.open(directory);
        NDManager manager = DjlRuntime.newManager();
        try {
            Map<String, NDArray> arrays = new HashMap<>();
            for (Map.Entry<String, long[]> expected : DecoderWeightNames.shapes(config).entrySet()) {
                ShardedSafetensors.Entry entry = stored.get(expected.getKey());
                if (entry == null) {
                    throw new IOException("weights lack " + expected.getKey());
                }
                checkShape(expected.getKey(), expected.getValue(), entry.shape());
                arrays.put(expected.getKey(), toNative(manager, entry, baseType));
            }
            return new DecoderLm(config, baseType, manager, arrays);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A model from float32 host tensors under their Hugging Face names (written models, tests). */
    public static DecoderLm create(DecoderConfig config, Map<String, HostTensor> hfWeights, DataType baseType) {
        checkBaseType(baseType);
        DjlRuntime.ensureOffline();
        NDManager manager = DjlRuntime.newManager();
        try {
            Map<String, NDArray> arrays = new HashMap<>();
            for (Map.Entry<String, long[]> expected : DecoderWeightNames.shapes(config).entrySet()) {
                HostTensor tensor = hfWeights.get(expected.getKey());
                if (tensor == null) {
                    throw new IllegalArgumentException("weights lack " + expected.getKey());
                }
                checkShape(expected.getKey(), expected.getValue(), tensor.shape());
                NDArray array = manager.create(tensor.data(), new Shape(tensor.shape()));
                arrays.put(expected.getKey(), convert(array, baseType));
            }
            return new DecoderLm(config, baseType, manager, arrays);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static void checkBaseType(DataType baseType) {
        if (baseType == DataType.BFLOAT16) {
            throw new IllegalArgumentException(BFLOAT16_UNSUPPORTED);
        }
        if (baseType != DataType.FLOAT32 && baseType != DataType.FLOAT16 && baseType != DataType.FLOAT64) {
            throw new IllegalArgumentException("base type " + baseType + " is not a floating-point type");
        }
    }

    private static NDArray toNative(NDManager manager, ShardedSafetensors.Entry entry, DataType baseType)
            throws IOException {
        ByteBuffer mapped = entry.map();
        Shape shape = new Shape(entry.shape());
        DataType stored = switch (entry.dtype()) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "F64" -> DataType.FLOAT64;
            default -> throw new IOException("unsupported dtype " + entry.dtype());
        };
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IOException("big-endian hosts are not supported");
        }
        if (stored == DataType.BFLOAT16) {
            // DJL 0.33's PyTorch JNI cannot hold bfloat16 arrays (see BFLOAT16_UNSUPPORTED): widen on the host,
            // exactly (a bfloat16 is the upper half of a float32)
            ByteBuffer widened = ByteBuffer.allocateDirect(mapped.remaining() * 2).order(ByteOrder.nativeOrder());
            while (mapped.hasRemaining()) {
                widened.putInt((mapped.getShort() & 0xFFFF) << 16);
            }
            mapped = widened.flip();
            stored = DataType.FLOAT32;
        }
        // An array made from a direct buffer aliases the buffer's memory, which the Java GC frees once the buffer
        // is unreachable; toType to the same type aliases it too. duplicate() (torch clone) copies into memory that
        // libtorch owns, so nothing kept refers to the mapping or to the buffer.
        ByteBuffer direct = ByteBuffer.allocateDirect(mapped.remaining()).order(ByteOrder.nativeOrder());
        direct.put(mapped).flip();
        NDArray owned;
        try (NDArray view = manager.create(direct, shape, stored)) {
            owned = view.duplicate();
        }
        return convert(owned, baseType);
    }

    private static NDArray convert(NDArray array, DataType type) {
        if (array.getDataType() == type) {
            return array;
        }
        NDArray converted = array.toType(type, false);
        array.close();
        return converted;
    }

    private static void checkShape(String name, long[] expected, long[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(actual)
                    + ", the configuration needs " + Arrays.toString(expected));
        }
    }

    public DecoderConfig config() {
        return config;
    }

    /** The type the frozen weights are stored in. */
    public DataType baseType() {
        return baseType;
    }

    /** The type activations, LoRA matrices and logits have: float32 (float64 for a float64 base). */
    public DataType computeType() {
        return computeType;
    }

    /** A stored weight in the compute type; a widened copy lives in {@code scope}. */
    private NDArray weight(NDManager scope, String name) {
        NDArray stored = weights.get(name);
        if (stored.getDataType() == computeType) {
            return stored;
        }
        NDArray widened = stored.toType(computeType, true);
        widened.attach(scope);
        return widened;
    }

    /** The weights as float32 host tensors under their Hugging Face names. */
    public Map<String, HostTensor> exportWeights() {
        Map<String, HostTensor> out = new java.util.LinkedHashMap<>();
        for (String name : DecoderWeightNames.shapes(config).keySet()) {
            out.put(name, exportWeight(name));
        }
        return out;
    }

    /** One weight as a float32 host tensor, by its Hugging Face name. */
    public HostTensor exportWeight(String name) {
        NDArray array = weights.get(name);
        if (array == null) {
            throw new IllegalArgumentException("the decoder has no weight " + name);
        }
        return HostArrays.tensor(array);
    }

    /**
     * The LM head's float32 logits [N, vocab] at each row's answer position (its last real token), the
     * next-token logits after the prompt. Arrays are attached to {@code scope}.
     */
    public NDArray answerLogits(NDManager scope, TokenBatch tokens, LinearAdaptation adaptation) {
        NDArray normed = answerStates(scope, tokens, adaptation);
        NDArray head = weight(scope, config.tieWordEmbeddings() ? DecoderWeightNames.EMBEDDINGS
                : DecoderWeightNames.LM_HEAD);
        return LinearAdaptation.linear(normed, head, null);
    }

    /**
     * The final-normed hidden state [N, hidden] at each row's answer position: what the LM head reads (and the
     * features a linear probe on the frozen decoder is fitted on).
     */
    public NDArray answerStates(NDManager scope, TokenBatch tokens, LinearAdaptation adaptation) {
        NDArray hidden = lastHiddenStates(scope, tokens, adaptation);
        int rows = tokens.rows();
        int length = tokens.length();
        float[] selector = new float[rows * length];
        for (int n = 0; n < rows; n++) {
            selector[n * length + answerPosition(tokens, n)] = 1;
        }
        NDArray select = scope.create(selector, new Shape(rows, 1, length)).toType(computeType, false);
        NDArray answer = select.matMul(hidden).squeeze(1);
        return rmsNorm(scope, answer, DecoderWeightNames.FINAL_NORM);
    }

    /** The index of a row's last token with attention mask 1 (left or right padding alike). */
    public static int answerPosition(TokenBatch tokens, int row) {
        for (int t = tokens.length() - 1; t >= 0; t--) {
            if (tokens.mask()[row * tokens.length() + t] != 0) {
                return t;
            }
        }
        throw new IllegalArgumentException("row " + row + " has no real token");
    }

    /** The hidden states [N, T, hidden] after the last layer (before the final norm). */
    public NDArray lastHiddenStates(NDManager scope, TokenBatch tokens, LinearAdaptation adaptation) {
        int rows = tokens.rows();
        int length = tokens.length();
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException(length + " tokens exceed " + config.maxPositions() + " positions");
        }
        NDArray ids = tokens.idArray(scope);
        // the embedding rows are constants (no LoRA below them): widening them is safe
        NDArray x = Embedding.embedding(ids, weights.get(DecoderWeightNames.EMBEDDINGS), SparseFormat.DENSE)
                .singletonOrThrow().toType(computeType, false);
        NDArray[] rotary = rotary(scope, tokens);
        NDArray mask = attentionMask(scope, tokens);
        for (int layer = 0; layer < config.layers(); layer++) {
            x = layer(scope, layer, x, rotary, mask, adaptation, rows, length);
        }
        return x;
    }

    private NDArray layer(NDManager scope, int layer, NDArray x, NDArray[] rotary, NDArray mask, LinearAdaptation adaptation,
            int rows, int length) {
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        NDArray normed = rmsNorm(scope, x, DecoderWeightNames.inputNorm(layer));
        NDArray q = splitHeads(project(scope, adaptation, layer, DecoderModule.Q, normed), rows, length, heads);
        NDArray k = splitHeads(project(scope, adaptation, layer, DecoderModule.K, normed), rows, length, kvHeads);
        NDArray v = splitHeads(project(scope, adaptation, layer, DecoderModule.V, normed), rows, length, kvHeads);
        q = rope(q, rotary);
        k = rope(k, rotary);
        // [N, kvHeads, group, T, d] against [N, kvHeads, 1, T, d]: query head h = kv·group + g reads kv head kv
        NDArray grouped = q.reshape(rows, kvHeads, config.groupSize(), length, headDim);
        NDArray scores = grouped.matMul(k.expandDims(2).swapAxes(3, 4)).mul(1.0 / Math.sqrt(headDim)).add(mask);
        NDArray probabilities = scores.softmax(-1);
        NDArray context = probabilities.matMul(v.expandDims(2)).reshape(rows, heads, length, headDim)
                .transpose(0, 2, 1, 3).reshape(rows, length, heads * headDim);
        x = x.add(project(scope, adaptation, layer, DecoderModule.O, context));
        NDArray mlpIn = rmsNorm(scope, x, DecoderWeightNames.postAttentionNorm(layer));
        NDArray gate = project(scope, adaptation, layer, DecoderModule.GATE, mlpIn);
        NDArray up = project(scope, adaptation, layer, DecoderModule.UP, mlpIn);
        NDArray activated = gate.mul(Activation.sigmoid(gate)).mul(up);
        return x.add(project(scope, adaptation, layer, DecoderModule.DOWN, activated));
    }

    private NDArray project(NDManager scope, LinearAdaptation adaptation, int layer, DecoderModule module,
            NDArray input) {
        String path = DecoderWeightNames.projection(layer, module);
        return adaptation.project(layer, module, input, weight(scope, path + ".weight"),
                config.hasBias(module) ? weight(scope, path + ".bias") : null);
    }

    /** [N, T, heads·d] to [N, heads, T, d]. */
    private NDArray splitHeads(NDArray projected, int rows, int length, int heads) {
        return projected.reshape(rows, length, heads, config.headDim()).transpose(0, 2, 1, 3);
    }

    /** RMSNorm: x / √(mean x² + ε) · w. */
    private NDArray rmsNorm(NDManager scope, NDArray x, String weight) {
        NDArray rms = x.square().mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt();
        return x.div(rms).mul(weight(scope, weight));
    }

    /** cos and sin [N, 1, T, d] of every row's positions (counted over its real tokens). */
    private NDArray[] rotary(NDManager scope, TokenBatch tokens) {
        int rows = tokens.rows();
        int length = tokens.length();
        int half = inverseFrequencies.length;
        float[] angles = new float[rows * length * 2 * half];
        for (int n = 0; n < rows; n++) {
            int position = -1;
            for (int t = 0; t < length; t++) {
                position += tokens.mask()[n * length + t] != 0 ? 1 : 0;
                int at = (n * length + t) * 2 * half;
                for (int i = 0; i < half; i++) {
                    // float32 product, as transformers computes position · inv_freq
                    float angle = (float) Math.max(position, 0) * inverseFrequencies[i];
                    angles[at + i] = angle;
                    angles[at + half + i] = angle;
                }
            }
        }
        NDArray theta = scope.create(angles, new Shape(rows, 1, length, 2L * half));
        return new NDArray[] {theta.cos().toType(computeType, false), theta.sin().toType(computeType, false)};
    }

    private NDArray rope(NDArray x, NDArray[] rotary) {
        NDList halves = x.split(2, 3);
        NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), 3);
        return x.mul(rotary[0]).add(rotated.mul(rotary[1]));
    }

    /** Additive mask [N, 1, 1, T, T]: 0 where query i may see key j, −1e9 (or −2e9) elsewhere. */
    private NDArray attentionMask(NDManager scope, TokenBatch tokens) {
        int rows = tokens.rows();
        int length = tokens.length();
        int window = config.slidingWindow();
        float[] causal = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                boolean visible = j <= i && (window == 0 || j > i - window);
                causal[i * length + j] = visible ? 0 : -MASKED;
            }
        }
        float[] padding = new float[rows * length];
        for (int n = 0; n < rows; n++) {
            for (int t = 0; t < length; t++) {
                padding[n * length + t] = tokens.mask()[n * length + t] != 0 ? 0 : -MASKED;
            }
        }
        NDArray pad = scope.create(padding, new Shape(rows, 1, 1, 1, length));
        return pad.add(scope.create(causal, new Shape(1, 1, 1, length, length))).toType(computeType, false);
    }

    /** How many native arrays this model's own manager holds (constant after loading unless something leaks). */
    int residentArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
