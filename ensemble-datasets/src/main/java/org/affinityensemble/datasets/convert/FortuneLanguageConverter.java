package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.DebianPackage;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * Fortunes labelled with their language, one Debian package per language: {@code fortunes} (English, its
 * top-level files), {@code fortunes-de}, {@code -es}, {@code -it}, {@code -pl}, {@code -ru}, {@code -cs},
 * {@code -eo} (their files under {@code <lang>/}) and {@code fortunes-br} (Brazilian Portuguese, one
 * top-level file {@code brasil}). Every regular file a package installs under
 * {@code usr/share/games/fortunes} is read ({@link FortuneFiles}: UTF-8 with an ISO-8859-1 fallback);
 * symbolic links (the packs link each other's files), {@code *.dat} and {@code *.u8} are skipped, and so
 * are files that are not running text in the package's language: {@code ascii-art}, {@code de/asciiart},
 * {@code de/translations} (English-German pairs), {@code cs/klasik-sk} (Slovak) and the offensive
 * collection {@code es/off/}. Ids are {@code <path under fortunes/>#<entry number from 1>}.
 */
public final class FortuneLanguageConverter implements TaskConverter {

    private static final Map<DebianPackage, String> LANGUAGE_BY_PACKAGE = packageLanguages();
    private static final Set<String> SKIPPED_FILES = Set.of("ascii-art", "de/asciiart", "de/translations",
            "cs/klasik-sk");
    private static final String SKIPPED_FOLDER = "es/off/";

    private static Map<DebianPackage, String> packageLanguages() {
        Map<DebianPackage, String> languages = new LinkedHashMap<>();
        languages.put(FortuneCategoryConverter.FORTUNES, "English");
        languages.put(new DebianPackage("fortunes-de", "0.35-1"), "German");
        languages.put(new DebianPackage("fortunes-es", "1.36"), "Spanish");
        languages.put(new DebianPackage("fortunes-it", "1.99-4.1"), "Italian");
        languages.put(new DebianPackage("fortunes-pl", "0.0.20130525-3"), "Polish");
        languages.put(new DebianPackage("fortunes-ru", "1.52-3.1"), "Russian");
        languages.put(new DebianPackage("fortunes-cs", "2.0.9-1.1"), "Czech");
        languages.put(new DebianPackage("fortunes-eo", "20020729b-1.1"), "Esperanto");
        languages.put(new DebianPackage("fortunes-br", "20220821"), "Portuguese");
        return languages;
    }

    @Override
    public List<PackageSource> sources() {
        return List.copyOf(LANGUAGE_BY_PACKAGE.keySet());
    }

    @Override
    public List<String> labels() {
        return List.copyOf(LANGUAGE_BY_PACKAGE.values());
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        List<LabelledExample> examples = new ArrayList<>();
        for (Map.Entry<DebianPackage, String> pack : LANGUAGE_BY_PACKAGE.entrySet()) {
            Path directory = roots.root(pack.getKey()).resolve(FortuneFiles.FORTUNE_DIRECTORY);
            for (Path file : fortuneFiles(directory)) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                if (SKIPPED_FILES.contains(relative) || relative.startsWith(SKIPPED_FOLDER)) {
                    continue;
                }
                List<String> entries = FortuneFiles.entries(file);
                for (int i = 0; i < entries.size(); i++) {
                    examples.add(new LabelledExample(relative + "#" + (i + 1), entries.get(i), pack.getValue(),
                            null));
                }
            }
        }
        return examples;
    }

    private static List<Path> fortuneFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("no fortune files in " + directory);
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(FortuneFiles::isFortuneFile)
                    .sorted((a, b) -> directory.relativize(a).toString().compareTo(directory.relativize(b).toString()))
                    .toList();
        }
    }
}
