package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;

class ReutersGrainConverterTest {

    private final ReutersGrainConverter converter = new ReutersGrainConverter();

    @Test
    void escapedQuotesNewlinesAndEntitiesDecode() throws IOException {
        Map<String, LabelledExample> examples = convert();
        String correction = examples.values().stream().map(LabelledExample::text)
                .filter(t -> t.contains("SHAW'S")).findFirst().orElseThrow();
        assertThat(correction).contains("(CORRECTION) - SHAW'S SUPERMARKETS EARNINGS\n")
                .contains("In item headlined \"SHAW'S SUPERMARKETS")
                .doesNotContain("\\'", "\\\"", "\\n", "&#3;", "&#2;")
                .contains("\u0003");
    }

    @Test
    void modApteTestStaysTestAndTrainGivesUpAShareToValidation() throws IOException {
        Map<String, LabelledExample> examples = convert();
        assertThat(examples).containsOnlyKeys("train-1", "train-2", "train-3", "train-4", "test-1", "test-2");
        assertThat(examples.get("test-1").split()).isEqualTo(Split.TEST);
        assertThat(examples.get("test-2").split()).isEqualTo(Split.TEST);
        assertThat(examples.get("test-2").label()).isEqualTo("grain");
        assertThat(examples.get("test-1").label()).isEqualTo("other business news");
        List<Split> trainSplits = examples.values().stream().filter(e -> e.id().startsWith("train"))
                .map(LabelledExample::split).toList();
        assertThat(trainSplits).doesNotContain(Split.TEST).contains(Split.TRAIN);
    }

    @Test
    void arffRowsParseWekasEscapes() {
        ArffStringRows.Row row = ArffStringRows.parse("'It\\'s \\\"grain\\\"\\n\\tnews \\\\ 100\\%',1");
        assertThat(row).isEqualTo(new ArffStringRows.Row("It's \"grain\"\n\tnews \\ 100%", "1"));
        assertThatThrownBy(() -> ArffStringRows.parse("'never closed,1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ArffStringRows.read(List.of("@relation r", "@data", "% comment", "'a',0", ""))).hasSize(1);
    }

    private Map<String, LabelledExample> convert() throws IOException {
        return converter.convert(Excerpts.roots(converter, "weka")).stream()
                .collect(Collectors.toMap(LabelledExample::id, e -> e));
    }
}
