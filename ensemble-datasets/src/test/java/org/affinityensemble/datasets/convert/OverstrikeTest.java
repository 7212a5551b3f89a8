package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverstrikeTest {

    @Test
    void underlinesAndBoldBecomeTheLetters() {
        assertThat(Overstrike.resolve("it's *____\b\b\b\bonly* ones")).isEqualTo("it's *only* ones");
        assertThat(Overstrike.resolve("_\bN persons")).isEqualTo("N persons");
        assertThat(Overstrike.resolve("b\bbo\bol\bld\bd")).isEqualTo("bold");
        assertThat(Overstrike.resolve("_\b_\b_\b_\bthat")).isEqualTo("that");
        assertThat(Overstrike.resolve("x\b_")).isEqualTo("x");
    }

    @Test
    void accentsStruckOverLettersCompose() {
        assertThat(Overstrike.resolve("Honor'\be de Balzac")).isEqualTo("Honoré de Balzac");
        assertThat(Overstrike.resolve("fa,\bcade")).isEqualTo("façade");
        assertThat(Overstrike.resolve("c\b,a")).isEqualTo("ça");
    }

    @Test
    void textWithoutBackspacesIsUntouchedAndLinesStaySeparate() {
        assertThat(Overstrike.resolve("plain\ntext")).isEqualTo("plain\ntext");
        assertThat(Overstrike.resolve("a\nb\b_\nc")).isEqualTo("a\nb\nc");
        assertThat(Overstrike.resolve("\b\bstart")).isEqualTo("start");
    }
}
