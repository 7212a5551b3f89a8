package org.affinityensemble.model.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.BertConfig;
import org.affinityensemble.model.encoder.BertWeightNames;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.affinityensemble.model.tensor.SafetensorsWriter;

/**
 * Reads and writes LoRA adapters in the layout of Hugging Face PEFT for a {@code BertModel} base, so adapters
 * trained here load with {@code PeftModel.from_pretrained} and vice versa:
 * <ul>
 *   <li>{@code adapter_config.json}: {@code peft_type} LORA, {@code r}, {@code lora_alpha},
 *       {@code target_modules} (HF module names: {@code query}, {@code key}, {@code value} and, for o,
 *       {@code attention.output.dense}: PEFT matches target names as suffixes, and a bare {@code dense} would
 *       also select the feed-forward layers), {@code base_model_name_or_path}, no dropout, no bias, plain
 *       (not rank-stabilised) scaling alpha / r;</li>
 *   <li>{@code adapter_model.safetensors}: {@code base_model.model.encoder.layer.{i}.<module>.lora_A.weight} of
 *       shape [r, in] (= Aᵀ) and {@code ...lora_B.weight} of shape [out, r] (= Bᵀ), float32; the metadata holds
 *       {@code format=pt} and this project's {@code init_seed}.</li>
 *   <li>trained label embeddings, when the adapter carries them (issue #19, ADR 0081): per task, a tensor
 *       {@code label_embeddings.<task>} of shape [labels, hidden], float32, in the same file, the tasks listed in
 *       the metadata entry {@code label_embeddings} (comma-separated). They are not modules of the base model, so
 *       PEFT loads the file with an "unexpected keys" warning and ignores them; this project's reader restores
 *       them with the adapter.</li>
 * </ul>
 * Reading accepts a bare {@code dense} target as o, and rejects what this encoder cannot run (DoRA, rsLoRA,
 * fan-in/fan-out weights, bias training, modules beyond q/k/v/o, differing ranks).
 */
public final class PeftAdapterFormat {

    public static final String TENSOR_PREFIX = "base_model.model.";
    static final String INIT_SEED_METADATA = "init_seed";
    /** Metadata entry listing the tasks whose label embeddings the file holds. */
    static final String LABEL_EMBEDDINGS_METADATA = "label_embeddings";
    /** Prefix of a task's label-embedding tensor. */
    public static final String LABEL_TENSOR_PREFIX = "label_embeddings.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PeftAdapterFormat() {
    }

    /** The PEFT tensor name of A (true) or B (false) of a slot. */
    public static String tensorName(LoraSlot slot, boolean a) {
        return TENSOR_PREFIX + BertWeightNames.projection(slot.layer(), slot.module())
                + (a ? ".lora_A.weight" : ".lora_B.weight");
    }

    /** The PEFT {@code target_modules} name of an attention projection. */
    public static String targetName(AttentionModule module) {
        return module == AttentionModule.O ? module.hfPath() : module.hfPath().substring("attention.self.".length());
    }

    public static PeftAdapterFiles write(LoraAdapter adapter, String baseModelId) {
        LoraLayout layout = adapter.layout();
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (int index = 0; index < layout.slots().size(); index++) {
            LoraSlot slot = layout.slots().get(index);
            tensors.put(tensorName(slot, true),
                    new HostTensor(new long[] {slot.inDim(), layout.rank()}, adapter.a(index)).transposed());
            tensors.put(tensorName(slot, false),
                    new HostTensor(new long[] {layout.rank(), slot.outDim()}, adapter.b(index)).transposed());
        }
        List<String> labelled = new ArrayList<>(adapter.labelledTasks());
        for (String task : labelled) {
            tensors.put(LABEL_TENSOR_PREFIX + task, HostTensor.matrix(adapter.labels(task)));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(INIT_SEED_METADATA, Long.toString(adapter.spec().initSeed()));
        if (!labelled.isEmpty()) {
            metadata.put(LABEL_EMBEDDINGS_METADATA, String.join(",", labelled));
        }
        byte[] model = SafetensorsWriter.toBytes(tensors, metadata);
        return new PeftAdapterFiles(config(adapter.spec(), baseModelId), model);
    }

    /** Reads an adapter for a base model of the given architecture. */
    public static LoraAdapter read(PeftAdapterFiles files, BertConfig base) throws IOException {
        JsonNode config = JSON.readTree(files.adapterConfig());
        requireEqual(config, "peft_type", "LORA");
        for (String unsupported : List.of("use_dora", "use_rslora", "fan_in_fan_out")) {
            if (config.path(unsupported).asBoolean(false)) {
                throw new IOException("adapter uses " + unsupported + ", which this encoder does not support");
            }
        }
        if (!config.path("bias").asText("none").equals("none")) {
            throw new IOException("adapter trains biases (bias=" + config.get("bias").asText() + ")");
        }
        if (!config.path("rank_pattern").isMissingNode() && config.path("rank_pattern").size() > 0
                || !config.path("alpha_pattern").isMissingNode() && config.path("alpha_pattern").size() > 0) {
            throw new IOException("per-module ranks or alphas are not supported");
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode target : config.path("target_modules")) {
            targets.add(shortName(target.asText()));
        }
        SafetensorsFile weights = SafetensorsReader.read(files.adapterModel());
        long initSeed = Long.parseLong(weights.metadata().getOrDefault(INIT_SEED_METADATA, "0"));
        LoraSpec spec = new LoraSpec(config.path("r").asInt(), config.path("lora_alpha").asDouble(), targets, initSeed);
        LoraLayout layout = LoraLayout.of(base, spec);
        Set<String> used = new HashSet<>();
        float[] values = loraValues(weights, layout, PeftAdapterFormat::tensorName, used);
        Map<String, float[][]> labels = labels(weights, base.hiddenSize(), used);
        requireAllUsed(weights, used);
        LoraAdapter adapter = LoraAdapter.of(spec, base, values);
        return labels.isEmpty() ? adapter : adapter.withLabels(labels);
    }

    /**
     * The flat LoRA vector of {@code layout} from PEFT's transposed {@code lora_A}/{@code lora_B} tensors, named by
     * {@code names} (slot, A?); each tensor's shape is checked and its name added to {@code used}. Shared by the
     * encoder and decoder formats.
     */
    public static float[] loraValues(SafetensorsFile weights, LoraLayout layout,
            BiFunction<LoraSlot, Boolean, String> names, Set<String> used) throws IOException {
        float[] values = new float[(int) layout.parameterCount()];
        for (int index = 0; index < layout.slots().size(); index++) {
            LoraSlot slot = layout.slots().get(index);
            HostTensor a = tensor(weights, names.apply(slot, true), new long[] {layout.rank(), slot.inDim()}, used);
            HostTensor b = tensor(weights, names.apply(slot, false), new long[] {slot.outDim(), layout.rank()}, used);
            System.arraycopy(a.transposed().data(), 0, values, (int) layout.aOffset(index), layout.aSize(index));
            System.arraycopy(b.transposed().data(), 0, values, (int) layout.bOffset(index), layout.bSize(index));
        }
        return values;
    }

    /** Fails when the file holds tensors the reader did not use. */
    public static void requireAllUsed(SafetensorsFile weights, Set<String> used) throws IOException {
        if (used.size() != weights.tensors().size()) {
            Set<String> extra = new HashSet<>(weights.tensors().keySet());
            extra.removeAll(used);
            throw new IOException("adapter holds tensors this layout does not use: " + extra);
        }
    }

    /** The label embeddings the metadata lists, per task [labels][hidden]. */
    private static Map<String, float[][]> labels(SafetensorsFile weights, int hidden, Set<String> used)
            throws IOException {
        String listed = weights.metadata().getOrDefault(LABEL_EMBEDDINGS_METADATA, "");
        Map<String, float[][]> labels = new LinkedHashMap<>();
        for (String task : listed.isEmpty() ? new String[0] : listed.split(",")) {
            String name = LABEL_TENSOR_PREFIX + task;
            HostTensor tensor = weights.tensors().get(name);
            if (tensor == null) {
                throw new IOException("adapter lists label embeddings of " + task + " but lacks tensor " + name);
            }
            if (tensor.shape().length != 2 || tensor.shape()[0] < 1 || tensor.shape()[1] != hidden) {
                throw new IOException(name + " has shape " + java.util.Arrays.toString(tensor.shape())
                        + ", expected [labels, " + hidden + "]");
            }
            labels.put(task, tensor.rows());
            used.add(name);
        }
        return labels;
    }

    private static byte[] config(LoraSpec spec, String baseModelId) {
        return config(spec, baseModelId, "FEATURE_EXTRACTION",
                spec.targets().stream().map(target -> targetName(AttentionModule.ofShortName(target))).toList());
    }

    /**
     * PEFT's {@code adapter_config.json} of a plain LoRA adapter (no dropout, bias, DoRA or rsLoRA; inference mode)
     * for a base model's task type and its {@code target_modules} names; the one writer of both model families.
     */
    public static byte[] config(LoraSpec spec, String baseModelId, String taskType, List<String> targetModules) {
        ObjectNode node = JSON.createObjectNode();
        node.put("peft_type", "LORA");
        node.put("task_type", taskType);
        node.put("base_model_name_or_path", baseModelId);
        node.put("r", spec.rank());
        if (spec.alpha() == Math.rint(spec.alpha())) {
            node.put("lora_alpha", (long) spec.alpha());
        } else {
            node.put("lora_alpha", spec.alpha());
        }
        ArrayNode targets = node.putArray("target_modules");
        targetModules.forEach(targets::add);
        node.put("lora_dropout", 0.0);
        node.put("bias", "none");
        node.put("fan_in_fan_out", false);
        node.put("init_lora_weights", true);
        node.put("inference_mode", true);
        node.put("use_rslora", false);
        node.put("use_dora", false);
        node.putNull("modules_to_save");
        node.putNull("layers_to_transform");
        node.putObject("rank_pattern");
        node.putObject("alpha_pattern");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortName(String target) throws IOException {
        for (AttentionModule module : AttentionModule.values()) {
            if (target.equals(targetName(module)) || target.equals(module.hfPath())) {
                return module.shortName();
            }
        }
        if (target.equals("dense")) {
            return AttentionModule.O.shortName();
        }
        throw new IOException("target module '" + target + "' is not an attention projection (query, key, value, "
                + "attention.output.dense)");
    }

    private static HostTensor tensor(SafetensorsFile weights, String name, long[] shape, Set<String> used)
            throws IOException {
        HostTensor tensor = weights.tensors().get(name);
        if (tensor == null) {
            throw new IOException("adapter lacks tensor " + name);
        }
        if (!java.util.Arrays.equals(tensor.shape(), shape)) {
            throw new IOException(name + " has shape " + java.util.Arrays.toString(tensor.shape()) + ", expected "
                    + java.util.Arrays.toString(shape));
        }
        used.add(name);
        return tensor;
    }

    private static void requireEqual(JsonNode config, String field, String expected) throws IOException {
        if (!config.path(field).asText().equals(expected)) {
            throw new IOException("adapter_config.json: " + field + " is '" + config.path(field).asText()
                    + "', expected '" + expected + "'");
        }
    }
}
