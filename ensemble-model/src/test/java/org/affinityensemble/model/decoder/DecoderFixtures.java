package org.affinityensemble.model.decoder;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.lora.LoraAdapter;
import org.affinityensemble.model.lora.PeftAdapterFiles;
import org.affinityensemble.model.tensor.SafetensorsFile;
import org.affinityensemble.model.tensor.SafetensorsReader;

/**
 * The committed tiny decoders (src/test/resources/decoder/tiny-*) and the golden outputs of
 * src/test/python/decoder_reference.py (golden-*), loaded once per JVM.
 */
final class DecoderFixtures {

    static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "mistral");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DecoderBase> MODELS = new ConcurrentHashMap<>();

    private DecoderFixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(DecoderFixtures.class.getResource("/decoder/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static DecoderBase model(String arch) {
        return MODELS.computeIfAbsent(arch, a -> {
            try {
                return DecoderBase.load(resource("tiny-" + a), "tiny-" + a, DataType.FLOAT32);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** golden.json of an architecture. */
    static JsonNode golden(String arch) {
        try {
            return JSON.readTree(Files.readAllBytes(resource("golden-" + arch).resolve("golden.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SafetensorsFile goldenTensors(String arch) {
        try {
            return SafetensorsReader.read(Files.readAllBytes(resource("golden-" + arch).resolve("golden.safetensors")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoraAdapter goldenAdapter(String arch) {
        try {
            return DecoderPeftFormat.read(PeftAdapterFiles.readFrom(resource("golden-" + arch).resolve("adapter")),
                    model(arch).config());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reference's tasks (templates and label words), label tokens derived by this module. */
    static List<TaskPrompt> tasks(String arch) {
        List<TaskPrompt> tasks = new ArrayList<>();
        golden(arch).path("tasks").fields().forEachRemaining(task -> {
            List<String> words = new ArrayList<>();
            task.getValue().path("words").forEach(w -> words.add(w.asText()));
            tasks.add(TaskPrompt.of(task.getKey(), new PromptTemplate(task.getValue().path("template").asText()),
                    words, model(arch).tokenizer()));
        });
        return tasks;
    }

    static LabelWordClassifier classifier(String arch) {
        return new LabelWordClassifier(model(arch), tasks(arch), 128);
    }

    static List<LabelledText> examples(String arch) {
        List<LabelledText> examples = new ArrayList<>();
        for (JsonNode prompt : golden(arch).path("prompts")) {
            examples.add(new LabelledText(prompt.path("task").asText(), prompt.path("text").asText(),
                    prompt.path("label").asInt()));
        }
        return examples;
    }

    /** max |a − b| / max |b|. */
    static double maxRelative(float[] actual, float[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }

    /** ‖a − b‖ / ‖b‖. */
    static double normRelative(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (actual[i] - (double) expected[i]) * (actual[i] - (double) expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }
}
