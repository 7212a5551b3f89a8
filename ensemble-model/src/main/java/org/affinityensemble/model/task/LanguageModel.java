package org.affinityensemble.model.task;

import java.io.IOException;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.LoraLayout;
import org.affinityensemble.model.lora.LoraModule;
import org.affinityensemble.model.tensor.HostTensor;
import org.affinityensemble.model.lora.PeftAdapterFiles;

/**
 * A loaded base model of either family — a BERT-family sentence encoder ({@code encoder.BaseModel}) or a decoder
 * LM ({@code decoder.DecoderBase}) — as everything outside ensemble-model sees it: its id and architecture, its
 * LoRA layout, a {@link TaskClassifier} over any set of tasks, and its PEFT adapter files. Load one with
 * {@link LanguageModels#load}. Thread-safe; close it to free native memory.
 */
public interface LanguageModel extends AutoCloseable {

    /** The id projections and adapters record. */
    String modelId();

    /** The Hugging Face architecture name ({@code BertModel}, {@code LlamaForCausalLM}, …). */
    String architecture();

    /** {@code spec}'s LoRA layout on this model. */
    LoraLayout layout(LoraSpec spec);

    /** The adapter at {@code spec}'s initialisation: A seeded random, B zero. */
    default LoraAdapter initialAdapter(LoraSpec spec) {
        return LoraAdapter.initialise(spec, layout(spec));
    }

    /**
     * The frozen weight W [out, in] of one adaptable map as a float32 host tensor (what merged serving adds the
     * weighted LoRA updates to).
     */
    HostTensor baseWeight(int layer, LoraModule module);

    /** A classifier over the given tasks, tokenizing to {@code settings.maxLength()}. */
    TaskClassifier classifier(List<TaskLabels> tasks, ClassifierSettings settings);

    /** An adapter of this model in PEFT's layout (the names PEFT uses for this architecture). */
    PeftAdapterFiles writeAdapter(LoraAdapter adapter);

    /** Reads an adapter written for this model's architecture. */
    LoraAdapter readAdapter(PeftAdapterFiles files) throws IOException;

    @Override
    void close();
}
