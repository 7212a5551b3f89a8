package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.junit.jupiter.api.Test;

class WordNetConverterTest {

    @Test
    void nounLinesMapToTheirLexicographerFileInWords() throws IOException {
        WordNetConverter nouns = WordNetConverter.NOUNS;
        Map<String, LabelledExample> examples = byId(nouns.convert(Excerpts.roots(nouns, "wordnet")));

        assertThat(examples).hasSize(6);
        assertThat(examples.get("n03241283")).isEqualTo(new LabelledExample("n03241283",
                "dredging bucket: a bucket for lifting material from a channel or riverbed", "artifact", null));
        assertThat(examples.get("n00001740").label()).isEqualTo("top concept");
        assertThat(examples.get("n09594268").label()).isEqualTo("person");
        assertThat(examples.get("n05245085").label()).isEqualTo("body");
        assertThat(examples.get("n09210491")).isEqualTo(new LabelledExample("n09210491",
                "Adam's Peak, Samanala: a mountain peak in south central Sri Lanka (7,360 feet high)",
                "natural object", null));
    }

    @Test
    void theWordCountIsHexadecimal() throws IOException {
        WordNetConverter nouns = WordNetConverter.NOUNS;
        LabelledExample bus = byId(nouns.convert(Excerpts.roots(nouns, "wordnet"))).get("n02927500");
        assertThat(bus.text()).startsWith("bus, autobus, coach, charabanc, double-decker, jitney, motorbus, "
                + "motorcoach, omnibus, passenger vehicle: ");
        assertThat(bus.label()).isEqualTo("artifact");
    }

    @Test
    void verbLinesMapToVerbSupersenses() throws IOException {
        WordNetConverter verbs = WordNetConverter.VERBS;
        Map<String, LabelledExample> examples = byId(verbs.convert(Excerpts.roots(verbs, "wordnet")));
        assertThat(examples.get("v01880427")).isEqualTo(new LabelledExample("v01880427",
                "swag: sway heavily or unsteadily", "motion", null));
        assertThat(examples.get("v00022309").label()).isEqualTo("body");
        assertThat(examples.get("v00022309").text()).startsWith("sedate, calm, tranquilize, tranquillize, "
                + "tranquillise: cause to be calm");
        assertThat(verbs.labels()).hasSize(15).startsWith("body", "change").endsWith("weather");
        assertThat(WordNetConverter.NOUNS.labels()).hasSize(26);
    }

    private static Map<String, LabelledExample> byId(List<LabelledExample> examples) {
        return examples.stream().collect(Collectors.toMap(LabelledExample::id, e -> e));
    }
}
