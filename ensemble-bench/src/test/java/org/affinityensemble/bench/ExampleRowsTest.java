package org.affinityensemble.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.affinityensemble.model.classify.LabelledText;
import org.junit.jupiter.api.Test;

class ExampleRowsTest {

    private static final LabelledText FIRST = new LabelledText("sent_imdb", "a fine film", 1);
    private static final LabelledText SECOND = new LabelledText("spam_email", "win money now", 1);
    private static final LabelledText THIRD = new LabelledText("sent_imdb", "a dull film", 0);

    @Test
    void rowsFollowTheTextsOrderAndUnknownTextsAreRefusedByTask() {
        ExampleRows rows = new ExampleRows(List.of(FIRST, SECOND, THIRD));

        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.row(SECOND)).isEqualTo(1);
        assertThat(rows.rows(List.of(THIRD, FIRST, THIRD))).containsExactly(2, 0, 2);
        assertThatThrownBy(() -> rows.row(new LabelledText("reuters_grain", "wheat exports", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no row for an example of reuters_grain");
    }
}
