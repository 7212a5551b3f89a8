package org.affinityensemble.bench;

import java.nio.file.Path;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.encoder.MiniLmJar;
import org.affinityensemble.model.encoder.ModelReference;
import org.affinityensemble.model.task.LanguageModel;
import org.affinityensemble.model.task.LanguageModels;

/**
 * The base model a benchmark runs: the bundled all-MiniLM-L6-v2, or a Hugging Face directory given by
 * {@code --model-dir} (a BERT-family encoder, or a Llama, Qwen2 or Mistral decoder such as one written by
 * {@code bin/ensemble model tiny}), loaded as the services load it, under the directory's name as its id.
 */
public final class BenchModels {

    private BenchModels() {
    }

    /** Loads {@code modelDir}, or the bundled MiniLM when it is null. */
    public static LanguageModel load(String modelDir) {
        if (modelDir == null) {
            return LanguageModels.load(new ModelReference(MiniLmJar.MODEL_ID, null, ClassifierSettings.DEFAULT_SCALE));
        }
        Path directory = Path.of(modelDir).toAbsolutePath().normalize();
        return LanguageModels.load(new ModelReference(directory.getFileName().toString(), directory.toString(),
                ClassifierSettings.DEFAULT_SCALE));
    }
}
