package org.affinityensemble.model.encoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads the base model a run names: the bundled all-MiniLM-L6-v2, or a Hugging Face model directory. */
public final class BaseModels {

    private BaseModels() {
    }

    public static BaseModel load(ModelReference reference) {
        try {
            BaseModel model = reference.directory() == null ? MiniLmJar.load()
                    : HfModelDirectory.load(Path.of(reference.directory()), reference.modelId());
            if (!model.modelId().equals(reference.modelId())) {
                model.close();
                throw new IllegalStateException("loaded model " + model.modelId() + ", the run asks for "
                        + reference.modelId());
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the base model " + reference.modelId(), e);
        }
    }
}
