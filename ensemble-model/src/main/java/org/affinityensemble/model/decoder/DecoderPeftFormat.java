package org.affinityensemble.model.decoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.lora.PeftAdapterFormat;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;
import org.affinityensemble.model.tensor.SafetensorsWriter;

/**
 * LoRA adapters of a decoder in Hugging Face PEFT's layout for a {@code *ForCausalLM} base ({@code task_type}
 * CAUSAL_LM, so {@code PeftModelForCausalLM → LoraModel → LlamaForCausalLM → LlamaModel} nest as
 * {@code base_model.model.model.layers.{i}...}):
 * <ul>
 *   <li>{@code adapter_config.json}: {@code peft_type} LORA, {@code r}, {@code lora_alpha},
 *       {@code target_modules} ({@code q_proj}, {@code k_proj}, {@code v_proj}, {@code o_proj}, {@code gate_proj},
 *       {@code up_proj}, {@code down_proj}), no dropout, no bias, plain scaling alpha / r;</li>
 *   <li>{@code adapter_model.safetensors}: {@code base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight}
 *       [r, in] (= Aᵀ) and {@code ...lora_B.weight} [out, r] (= Bᵀ), float32, metadata {@code format=pt} and
 *       {@code init_seed}.</li>
 * </ul>
 * Reading rejects what the decoder cannot run (DoRA, rsLoRA, fan-in/fan-out, bias training, per-module ranks,
 * layer subsets, extra tensors).
 */
public final class DecoderPeftFormat {

    public static final String TENSOR_PREFIX = "base_model.model.";
    static final String INIT_SEED_METADATA = "init_seed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DecoderPeftFormat() {
    }

    /** The PEFT tensor name of A (true) or B (false) of a decoder slot. */
    public static String tensorName(LoraSlot slot, boolean a) {
        DecoderModule module = (DecoderModule) slot.target();
        return TENSOR_PREFIX + DecoderWeightNames.projection(slot.layer(), module)
                + (a ? ".lora_A.weight" : ".lora_B.weight");
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
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put(INIT_SEED_METADATA, Long.toString(adapter.spec().initSeed()));
        return new PeftAdapterFiles(config(adapter.spec(), baseModelId), SafetensorsWriter.toBytes(tensors, metadata));
    }

    public static LoraAdapter read(PeftAdapterFiles files, DecoderConfig base) throws IOException {
        JsonNode config = JSON.readTree(files.adapterConfig());
        if (!config.path("peft_type").asText().equals("LORA")) {
            throw new IOException("adapter_config.json: peft_type is '" + config.path("peft_type").asText()
                    + "', expected 'LORA'");
        }
        for (String unsupported : List.of("use_dora", "use_rslora", "fan_in_fan_out")) {
            if (config.path(unsupported).asBoolean(false)) {
                throw new IOException("adapter uses " + unsupported + ", which the decoder does not support");
            }
        }
        if (!config.path("bias").asText("none").equals("none")) {
            throw new IOException("adapter trains biases (bias=" + config.get("bias").asText() + ")");
        }
        if (config.path("rank_pattern").size() > 0 || config.path("alpha_pattern").size() > 0) {
            throw new IOException("per-module ranks or alphas are not supported");
        }
        if (!config.path("layers_to_transform").isMissingNode() && !config.path("layers_to_transform").isNull()) {
            throw new IOException("layers_to_transform is not supported (every layer is adapted)");
        }
        List<String> targets = new ArrayList<>();
        JsonNode targetNode = config.path("target_modules");
        if (!targetNode.isArray()) {
            throw new IOException("target_modules must be a list of module names");
        }
        for (JsonNode target : targetNode) {
            try {
                targets.add(DecoderModule.ofPeftTarget(target.asText()).shortName());
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        SafetensorsFile weights = SafetensorsReader.read(files.adapterModel());
        long initSeed = Long.parseLong(weights.metadata().getOrDefault(INIT_SEED_METADATA, "0"));
        LoraSpec spec = new LoraSpec(config.path("r").asInt(), config.path("lora_alpha").asDouble(), targets, initSeed);
        LoraLayout layout = DecoderBase.layout(base, spec);
        Set<String> used = new HashSet<>();
        float[] values = PeftAdapterFormat.loraValues(weights, layout, DecoderPeftFormat::tensorName, used);
        PeftAdapterFormat.requireAllUsed(weights, used);
        return LoraAdapter.of(spec, layout, values);
    }

    private static byte[] config(LoraSpec spec, String baseModelId) {
        return PeftAdapterFormat.config(spec, baseModelId, "CAUSAL_LM",
                spec.targets().stream().map(target -> DecoderModule.ofShortName(target).peftTarget()).toList());
    }
}
