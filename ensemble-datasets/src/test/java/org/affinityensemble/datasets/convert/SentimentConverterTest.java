package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.affinityensemble.datasets.LabelledExample;
import org.junit.jupiter.api.Test;

class SentimentConverterTest {

    @Test
    void mapsClassesToNamesAndDropsTheNullLabelEntry() throws IOException {
        SentimentConverter amazon = new SentimentConverter("amazon");
        List<LabelledExample> examples = amazon.convert(Excerpts.roots(amazon, "sentiment"));

        assertThat(amazon.labels()).containsExactly("negative", "positive");
        assertThat(examples).hasSize(6);
        assertThat(examples.get(0)).isEqualTo(new LabelledExample("amazon-0",
                "So there is no way for me to plug it in here in the US unless I go by a converter.", "negative",
                null));
        assertThat(examples.get(1)).isEqualTo(new LabelledExample("amazon-1", "Good case, Excellent value.",
                "positive", null));
        assertThat(examples).extracting(LabelledExample::text).doesNotContain("");
    }

    @Test
    void readsTheImdbFixtureOfTheSamePackage() throws IOException {
        SentimentConverter imdb = new SentimentConverter("imdb");
        List<LabelledExample> examples = imdb.convert(Excerpts.roots(imdb, "sentiment"));
        assertThat(examples).extracting(LabelledExample::id).containsExactly("imdb-0", "imdb-1", "imdb-2", "imdb-3");
        assertThat(examples).extracting(LabelledExample::label)
                .containsExactly("negative", "negative", "negative", "positive");
    }
}
