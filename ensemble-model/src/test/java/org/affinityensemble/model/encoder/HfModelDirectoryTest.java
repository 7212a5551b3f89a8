package org.affinityensemble.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.model.testing.Fixtures;
import org.affinityensemble.model.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Hugging Face model directory written from MiniLM and loaded back behaves exactly like MiniLM. */
class HfModelDirectoryTest {

    @Test
    void writtenDirectoryLoadsBackToTheSameEncoder(@TempDir Path dir) throws Exception {
        BaseModel original = TestModels.miniLm();
        HfModelDirectory.write(original, dir);
        assertThat(dir.resolve("config.json")).exists();
        assertThat(Files.size(dir.resolve("model.safetensors"))).isGreaterThan(80_000_000L);

        try (BaseModel loaded = HfModelDirectory.load(dir, "local/minilm-copy")) {
            assertThat(loaded.modelId()).isEqualTo("local/minilm-copy");
            assertThat(loaded.config()).isEqualTo(original.config());
            assertThat(loaded.encoder().exportWeights()).isEqualTo(original.encoder().exportWeights());
            List<String> texts = Fixtures.texts(Fixtures.imdb()).subList(0, 5);
            assertThat(loaded.embed(texts, 64)).isDeepEqualTo(original.embed(texts, 64));
        }
    }

    @Test
    void configJsonRoundTripsAndRejectsNonBertModels() throws Exception {
        BertConfig config = BertConfig.allMiniLmL6V2();
        assertThat(BertConfig.fromHfConfig(config.toHfConfig())).isEqualTo(config);
        byte[] roberta = new String(config.toHfConfig()).replace("\"bert\"", "\"roberta\"").getBytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BertConfig.fromHfConfig(roberta))
                .hasMessageContaining("roberta");
    }
}
