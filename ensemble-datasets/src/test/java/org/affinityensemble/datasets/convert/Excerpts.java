package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.affinityensemble.datasets.source.PackageSource;

/** The real excerpts under src/test/resources/excerpts, each laid out like its unpacked package. */
final class Excerpts {

    private Excerpts() {
    }

    /** The folder of one excerpt. */
    static Path folder(String name) {
        try {
            return Path.of(Excerpts.class.getResource("/excerpts/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Roots for a converter: its sources in order, paired with excerpt folder names. */
    static SourceRoots roots(TaskConverter converter, String... folders) {
        Map<PackageSource, Path> roots = new LinkedHashMap<>();
        for (int i = 0; i < folders.length; i++) {
            roots.put(converter.sources().get(i), folder(folders[i]));
        }
        return new SourceRoots(roots);
    }

    /** Copies an excerpt folder, so a test can add links or stray files beside the real ones. */
    static Path copy(String name, Path target) throws IOException {
        Path source = folder(name);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination);
                }
            }
        }
        return target;
    }
}
