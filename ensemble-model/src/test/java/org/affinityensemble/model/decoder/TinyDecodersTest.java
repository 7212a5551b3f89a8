package org.affinityensemble.model.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.model.lora.LinearAdaptation;
import org.affinityensemble.model.runtime.DjlRuntime;
import org.affinityensemble.model.runtime.HostArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny model writer: each architecture's features, loadable output, the committed fixtures' tokenizers. */
class TinyDecodersTest {

    @Test
    void eachArchitectureIsWrittenWithItsFeaturesAndLoads(@TempDir Path temp) throws IOException {
        for (DecoderArchitecture architecture : DecoderArchitecture.values()) {
            Path directory = temp.resolve(architecture.modelType());
            TinyDecoders.main(new String[] {"--arch", architecture.modelType(), "--seed", "5", "--shards", "2",
                directory.toString()});
            assertThat(directory.resolve(ShardedSafetensors.INDEX)).exists();
            assertThat(directory.resolve("model-00002-of-00002.safetensors")).exists();
            // the tokenizer is generated without randomness: the committed fixtures' tokenizer.json is reproduced
            assertThat(Files.readAllBytes(directory.resolve(DecoderBase.TOKENIZER))).isEqualTo(Files.readAllBytes(
                    DecoderFixtures.resource("tiny-" + architecture.modelType()).resolve(DecoderBase.TOKENIZER)));
            try (DecoderBase base = DecoderBase.load(directory, "t", DataType.FLOAT32)) {
                DecoderConfig config = base.config();
                assertThat(config.architecture()).isEqualTo(architecture);
                assertThat(config.hiddenSize()).isEqualTo(64);
                assertThat(config.kvHeads()).isLessThan(config.heads());
                switch (architecture) {
                    case LLAMA -> {
                        assertThat(config.ropeScaling().type()).isEqualTo(RopeScaling.LLAMA3);
                        assertThat(config.tieWordEmbeddings()).isFalse();
                    }
                    case QWEN2 -> {
                        assertThat(config.tieWordEmbeddings()).isTrue();
                        assertThat(config.hasBias(DecoderModule.Q)).isTrue();
                        assertThat(config.vocabSize()).isGreaterThan(TinyTokenizer.size(base.tokenizer().tokenizerJson()));
                    }
                    case MISTRAL -> assertThat(config.slidingWindow()).isEqualTo(8);
                }
                TaskPrompt task = TaskPrompt.of("s", new PromptTemplate("Review: {text}\nSentiment:"),
                        List.of("positive", "negative"), base.tokenizer());
                LabelWordClassifier classifier = new LabelWordClassifier(base, List.of(task), 64);
                try (NDManager scope = DjlRuntime.newManager()) {
                    var scores = classifier.score(scope, List.of("s"),
                            classifier.tokenize(List.of("s"), List.of("great")), LinearAdaptation.BASE);
                    assertThat(HostArrays.allFinite(scores.vocabularyLogits())).isTrue();
                }
            }
        }
    }
}
