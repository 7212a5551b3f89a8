package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.junit.jupiter.api.Test;

class SpamAssassinConverterTest {

    private final SpamAssassinConverter converter = new SpamAssassinConverter();

    private Map<String, LabelledExample> convert() throws IOException {
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter, "spam-assassin"));
        return examples.stream().collect(Collectors.toMap(LabelledExample::id, e -> e));
    }

    @Test
    void labelsComeFromTheGroup() throws IOException {
        Map<String, LabelledExample> examples = convert();
        assertThat(examples).containsOnlyKeys("easy-ham-1/00055", "hard-ham-1/00003", "spam-1/00329",
                "spam-2/00714", "spam-2/00787");
        assertThat(examples.get("easy-ham-1/00055").label()).isEqualTo("legitimate email");
        assertThat(examples.get("hard-ham-1/00003").label()).isEqualTo("legitimate email");
        assertThat(examples.get("spam-2/00787").label()).isEqualTo("spam");
    }

    @Test
    void noHeaderButTheSubjectReachesTheText() throws IOException {
        for (LabelledExample example : convert().values()) {
            assertThat(example.text()).as(example.id())
                    .doesNotContain("Received:", "Return-Path", "Message-Id", "Message-ID", "X-SpamCop",
                            "X-Spam", "X-Keywords", "Delivered-To", "Content-Type:", "MIME-Version", "From:");
        }
        LabelledExample spamCop = convert().get("spam-2/00787");
        assertThat(spamCop.text()).startsWith("Re: Funny\n").contains("I just wanted to tell you about a GREAT website")
                .doesNotContain("spamcop", "beowulf_2020");
    }

    @Test
    void alternativePartsGiveThePlainTextOnceAndHtmlIsStripped() throws IOException {
        LabelledExample alternative = convert().get("spam-2/00714");
        assertThat(alternative.text()).startsWith("Complimentary Thermal Coffeemaker from Gevalia!\n")
                .contains("Taste two 1/2-lb. varieties of Gevalia Kaffe")
                .doesNotContain("<", "------000000");
        LabelledExample htmlOnly = convert().get("spam-1/00329");
        assertThat(htmlOnly.text()).doesNotContain("<HTML>", "<iframe", "</BODY>");
    }

    @Test
    void encodedSubjectsAreDecoded() throws IOException {
        String subject = convert().get("spam-1/00329").text().lines().findFirst().orElseThrow();
        assertThat(subject).doesNotContain("=?Big5?").matches(".*\\p{IsHan}.*");
    }

    @Test
    void mailingListBodiesKeepTheirText() throws IOException {
        assertThat(convert().get("easy-ham-1/00055").text()).startsWith("people we know on the web\n")
                .contains("first of a very short series.");
    }
}
