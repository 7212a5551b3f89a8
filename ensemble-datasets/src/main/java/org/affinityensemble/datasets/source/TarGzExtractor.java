package org.affinityensemble.datasets.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks the regular files of a gzip-compressed tar (an npm tarball) into a folder. Links and devices are
 * skipped, and an entry whose path would leave the folder is refused.
 */
final class TarGzExtractor {

    private TarGzExtractor() {
    }

    static void extract(Path tarball, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(root)) {
                    throw new IOException(tarball + ": entry '" + entry.getName() + "' leaves the folder");
                }
                Files.createDirectories(destination.getParent());
                Files.copy(tar, destination);
            }
        }
    }
}
