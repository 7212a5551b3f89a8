package org.affinityensemble.datasets.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzExtractorTest {

    @TempDir
    Path temp;

    @Test
    void extractsRegularFilesUnderTheirPaths() throws IOException {
        Path tarball = tarball("ok.tgz", "package/test/fixtures/a.json", "[1]", "package/README", "hi");
        TarGzExtractor.extract(tarball, temp.resolve("out"));
        assertThat(temp.resolve("out/package/test/fixtures/a.json")).hasContent("[1]");
        assertThat(temp.resolve("out/package/README")).hasContent("hi");
    }

    @Test
    void refusesEntriesThatLeaveTheFolder() throws IOException {
        Path tarball = tarball("evil.tgz", "package/../../escaped", "x");
        assertThatThrownBy(() -> TarGzExtractor.extract(tarball, temp.resolve("out")))
                .isInstanceOf(IOException.class).hasMessageContaining("leaves the folder");
        assertThat(temp.resolve("escaped")).doesNotExist();
    }

    private Path tarball(String name, String... pathsAndContents) throws IOException {
        Path file = temp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                byte[] content = pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(pathsAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }
}
