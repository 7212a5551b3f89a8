package org.affinityensemble.model.decoder;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.events.PromptSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraModule;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.lora.LoraSlot;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.task.LanguageModel;

/**
 * A pretrained decoder LM with its tokenizer and model id, loaded from a Hugging Face directory
 * ({@code config.json}, {@code model.safetensors} or shards with {@code model.safetensors.index.json},
 * {@code tokenizer.json}). Thread-safe for inference; close it to free native memory.
 */
public final class DecoderBase implements LanguageModel {

    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";

    private final String modelId;
    private final DecoderLm model;
    private final PromptTokenizer tokenizer;

    public DecoderBase(String modelId, DecoderLm model, PromptTokenizer tokenizer) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("model id is empty");
        }
        this.modelId = modelId;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads a model directory; {@code baseType} FLOAT32 on CPU, BFLOAT16/FLOAT16 possible on CUDA. */
    public static DecoderBase load(Path directory, String modelId, DataType baseType) throws IOException {
        DecoderLm model = DecoderLm.load(directory, baseType);
        try {
            return new DecoderBase(modelId, model, new PromptTokenizer(Files.readAllBytes(directory.resolve(TOKENIZER))));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public String architecture() {
        return config().architecture().hfClass();
    }

    @Override
    public LoraLayout layout(LoraSpec spec) {
        return layout(config(), spec);
    }

    @Override
    public HostTensor baseWeight(int layer, LoraModule module) {
        if (!(module instanceof DecoderModule decoderModule)) {
            throw new IllegalArgumentException("a decoder adapts its own projections, not " + module);
        }
        return model.exportWeight(DecoderWeightNames.projection(layer, decoderModule) + ".weight");
    }

    /**
     * The label-word classifier of these tasks: each task's declared prompt (or {@link PromptSpec#defaults()}),
     * label words by the first-distinct-token rule ({@link TaskPrompt}); a task whose words break the rule is
     * rejected with the reason.
     */
    @Override
    public LabelWordClassifier classifier(List<TaskLabels> tasks, ClassifierSettings settings) {
        List<TaskPrompt> prompts = new ArrayList<>(tasks.size());
        for (TaskLabels task : tasks) {
            PromptSpec prompt = task.promptOrDefault();
            prompts.add(TaskPrompt.of(task.taskId(), new PromptTemplate(prompt.template()),
                    prompt.labelWordsFor(task.labelNames()), tokenizer));
        }
        return new LabelWordClassifier(this, prompts, settings.maxLength());
    }

    @Override
    public PeftAdapterFiles writeAdapter(LoraAdapter adapter) {
        return DecoderPeftFormat.write(adapter, modelId);
    }

    @Override
    public LoraAdapter readAdapter(PeftAdapterFiles files) throws IOException {
        return DecoderPeftFormat.read(files, config());
    }

    public DecoderLm model() {
        return model;
    }

    public DecoderConfig config() {
        return model.config();
    }

    public PromptTokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * {@code spec}'s LoRA layout on a decoder: by layer, then q, k, v, o, gate, up, down (those targeted), with
     * each map's own shape (k, v: hidden → kv_heads·head_dim; gate, up: hidden → intermediate; down:
     * intermediate → hidden).
     */
    public static LoraLayout layout(DecoderConfig config, LoraSpec spec) {
        List<LoraSlot> slots = new ArrayList<>();
        for (int layer = 0; layer < config.layers(); layer++) {
            for (DecoderModule module : DecoderModule.values()) {
                if (spec.targets().contains(module.shortName())) {
                    slots.add(new LoraSlot(layer, module, module.inDim(config), module.outDim(config)));
                }
            }
        }
        return LoraLayout.of(spec.rank(), slots);
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
