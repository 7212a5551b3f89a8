package org.affinityensemble.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A user's mistake is one line naming the command and what is wrong, not a stack trace. */
class MainTest {

    private static String[] errorOf(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(saved);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void anUnknownTaskIsOneLineThatListsTheKnownOnes() {
        String[] result = errorOf("bench", "accuracy", "--tasks=sent_imdb,sent_amazon,no_such_task");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1].strip().lines()).hasSize(1);
        assertThat(result[1]).startsWith("ensemble bench accuracy: unknown task 'no_such_task'")
                .contains("sent_amazon").doesNotContain("at org.");
    }

    @Test
    void anInvalidValueSaysWhichOption() {
        String[] result = errorOf("bench", "estimate", "--epochs=0");

        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).startsWith("ensemble bench estimate: ").contains("--epochs").doesNotContain("at org.");
    }
}
