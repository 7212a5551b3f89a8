package org.affinityensemble.quarkus.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyTest {

    private static final String KEY = "a-key-of-more-than-twenty-characters";

    @Test
    void matchesOnlyTheKeyItself() {
        ApiKey key = ApiKey.from(Optional.of(KEY), Optional.empty());
        assertThat(key.matches(KEY)).isTrue();
        assertThat(key.matches(KEY + "x")).isFalse();
        assertThat(key.matches(KEY.substring(1))).isFalse();
        assertThat(key.matches("")).isFalse();
        assertThat(key.matches(null)).isFalse();
    }

    @Test
    void readsTheKeyFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("api-key"), KEY + "\n");
        assertThat(ApiKey.from(Optional.empty(), Optional.of(file.toString())).matches(KEY)).isTrue();
    }

    @Test
    void noKeyOrAShortOneStopsTheStartWithWhatToSet(@TempDir Path dir) {
        assertThatThrownBy(() -> ApiKey.from(Optional.empty(), Optional.empty()))
                .hasMessageContaining("ENSEMBLE_AUTH_API_KEY").hasMessageContaining("ENSEMBLE_AUTH_MODE=jwt");
        assertThatThrownBy(() -> ApiKey.from(Optional.of(" "), Optional.empty()))
                .hasMessageContaining("ENSEMBLE_AUTH_API_KEY");
        assertThatThrownBy(() -> ApiKey.from(Optional.of("short"), Optional.empty()))
                .hasMessageContaining("at least 20");
        assertThatThrownBy(() -> ApiKey.from(Optional.empty(), Optional.of(dir.resolve("missing").toString())))
                .hasMessageContaining("cannot read the API key file");
    }
}
