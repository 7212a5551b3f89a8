package org.affinityensemble.datasets.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.PackageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortuneConvertersTest {

    private static final List<String> LANGUAGE_FOLDERS = List.of("fortunes", "fortunes-de", "fortunes-es",
            "fortunes-it", "fortunes-pl", "fortunes-ru", "fortunes-cs", "fortunes-eo", "fortunes-br");

    @TempDir
    Path temp;

    @Test
    void categoriesComeFromTheFileAndOverstrikesAreCleaned() throws IOException {
        FortuneCategoryConverter converter = new FortuneCategoryConverter();
        Map<String, LabelledExample> examples = byId(converter.convert(Excerpts.roots(converter, "fortunes")));

        assertThat(converter.labels()).hasSize(10).contains("songs and poems", "men and women");
        assertThat(examples.values()).extracting(LabelledExample::label).containsOnlyElementsOf(converter.labels());
        assertThat(examples.get("computers#3").text()).isEqualTo("Calm down, it's *only* ones and zeroes.");
        assertThat(examples.get("men-women#3").text()).endsWith("-- Honoré DeBalzac").doesNotContain("\b");
        assertThat(examples.values()).allSatisfy(e -> assertThat(e.text()).doesNotContain("\b", "\n%"));
        assertThat(examples.values()).extracting(LabelledExample::id).noneMatch(id -> id.startsWith("ascii-art"));
    }

    @Test
    void aMissingCategoryFileIsAnError(@TempDir Path empty) throws IOException {
        Files.createDirectories(empty.resolve(FortuneFiles.FORTUNE_DIRECTORY));
        FortuneCategoryConverter converter = new FortuneCategoryConverter();
        assertThatThrownBy(() -> converter.convert(new SourceRoots(Map.of(converter.sources().get(0), empty))))
                .isInstanceOf(IOException.class).hasMessageContaining("'people'");
    }

    @Test
    void languagesComeFromThePackageAndSkippedFilesStayOut() throws IOException {
        FortuneLanguageConverter converter = new FortuneLanguageConverter();
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter,
                LANGUAGE_FOLDERS.toArray(String[]::new)));
        Map<String, LabelledExample> byId = byId(examples);

        assertThat(examples).extracting(LabelledExample::label).containsOnlyElementsOf(converter.labels())
                .contains("English", "German", "Spanish", "Italian", "Polish", "Russian", "Czech", "Esperanto",
                        "Portuguese");
        assertThat(byId.keySet()).noneMatch(id -> id.startsWith("ascii-art") || id.startsWith("de/translations")
                || id.startsWith("cs/klasik-sk") || id.startsWith("es/off/"));
        assertThat(byId.get("de/zitate#1").label()).isEqualTo("German");
        assertThat(byId.get("people#1").label()).isEqualTo("English");
        assertThat(byId.get("ru/love#1").text()).matches("(?s).*\\p{IsCyrillic}.*");
    }

    @Test
    void aLatin1FileDecodes() throws IOException {
        FortuneLanguageConverter converter = new FortuneLanguageConverter();
        List<LabelledExample> examples = converter.convert(Excerpts.roots(converter,
                LANGUAGE_FOLDERS.toArray(String[]::new)));
        LabelledExample brasil = byId(examples).get("brasil#1");
        assertThat(brasil.label()).isEqualTo("Portuguese");
        assertThat(brasil.text()).contains("O pão sempre cai", "O que será que acontece").doesNotContain("\uFFFD");
        byte[] raw = Files.readAllBytes(Excerpts.folder("fortunes-br").resolve(FortuneFiles.FORTUNE_DIRECTORY)
                .resolve("brasil"));
        assertThat(new String(raw, StandardCharsets.UTF_8)).contains("\uFFFD");
    }

    @Test
    void linksDatAndU8FilesAreSkipped() throws IOException {
        Path italian = Excerpts.copy("fortunes-it", temp.resolve("it"));
        Path directory = italian.resolve(FortuneFiles.FORTUNE_DIRECTORY);
        Files.createSymbolicLink(directory.resolve("italia"), Path.of("it/italia"));
        Files.write(directory.resolve("it/italia.dat"), new byte[] {0, 0, 0, 2, 0, 0, 0, 1});
        Files.copy(directory.resolve("it/italia"), directory.resolve("it/italia.u8"));

        FortuneLanguageConverter converter = new FortuneLanguageConverter();
        Map<PackageSource, Path> roots = new LinkedHashMap<>(Excerpts.roots(converter,
                LANGUAGE_FOLDERS.toArray(String[]::new)).roots());
        roots.put(converter.sources().get(3), italian);
        List<LabelledExample> examples = converter.convert(new SourceRoots(roots));

        assertThat(examples).extracting(LabelledExample::id).filteredOn(id -> id.contains("italia"))
                .containsExactly("it/italia#1", "it/italia#2");
    }

    @Test
    void entriesSplitOnPercentLines() {
        assertThat(FortuneFiles.entries("one\nline\n%\n\n%\ntwo\r\n%\r\nthree")).containsExactly("one\nline", "two",
                "three");
    }

    private static Map<String, LabelledExample> byId(List<LabelledExample> examples) {
        return examples.stream().collect(Collectors.toMap(LabelledExample::id, e -> e));
    }
}
