package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.junit.jupiter.api.Test;

class FoldocConverterTest {

    private final FoldocConverter converter = new FoldocConverter();

    private Map<String, LabelledExample> convert() throws IOException {
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter, "dict-foldoc"));
        return examples.stream().collect(Collectors.toMap(LabelledExample::id, e -> e));
    }

    @Test
    void theFirstTagIsTheDomainAndUnkeptOrUntaggedEntriesAreDropped() throws IOException {
        Map<String, LabelledExample> examples = convert();
        // "16000" is a bare cross-reference, "algorithim" is tagged <spelling>: neither is kept
        assertThat(examples).containsOnlyKeys("-oid", ".cshrc", ".git/config", ".NET framework", "ABCL/1");
        assertThat(examples.get("-oid").label()).isEqualTo("jargon");
        assertThat(examples.get(".cshrc").label()).isEqualTo("operating system");
        assertThat(examples.get(".git/config").label()).isEqualTo("software tool");
        assertThat(examples.get(".NET framework").label()).isEqualTo("programming language");
    }

    @Test
    void bracesDatesTagsAndSourceNotesAreGone() throws IOException {
        for (LabelledExample example : convert().values()) {
            assertThat(example.text()).as(example.id())
                    .doesNotContain("{", "}", "<jargon>", "<tool>", "Jargon File")
                    .doesNotContainPattern("\\(\\d{4}-\\d{2}-\\d{2}\\)\\.?\\s*$");
        }
        String cshrc = ExampleCleaner.normalise(convert().get(".cshrc").text());
        assertThat(cshrc).isEqualTo(".cshrc: (C Shell run commands) A C Shell startup configuration file. This "
                + "file is found in a user's home directory and can contain shell and other commands to set "
                + "variables, define aliases, and perform any other initialisation which should happen for "
                + "every shell (as opposed to .login which is only run for a login shell). Compare AUTOEXEC.BAT "
                + "on MS-DOS. See also rc.");
    }

    @Test
    void linksWithAnAddressKeepOnlyTheirText() throws IOException {
        assertThat(ExampleCleaner.normalise(convert().get(".git/config").text()))
                .contains("The repository-relative path of the file that stores Git's per-repository")
                .endsWith("These files are in .ini file format. Documentation")
                .doesNotContain("https://");
        assertThat(convert().get(".NET framework").text()).startsWith(".NET framework, .NET: A software development");
    }
}
