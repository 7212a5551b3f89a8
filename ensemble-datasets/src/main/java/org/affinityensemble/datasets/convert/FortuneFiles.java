package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fortune file: entries separated by lines holding only {@code %}; the bytes are UTF-8, or
 * ISO-8859-1 where they are not valid UTF-8 (older packs); backspace overstrikes are resolved
 * ({@link Overstrike}). Empty entries are skipped.
 */
public final class FortuneFiles {

    /** Where fortune packages install their files. */
    public static final String FORTUNE_DIRECTORY = "usr/share/games/fortunes";

    private FortuneFiles() {
    }

    /** The entries of one file, in order. */
    public static List<String> entries(Path file) throws IOException {
        return entries(TextDecoding.utf8OrLatin1(Files.readAllBytes(file)));
    }

    /** The entries of a file's text, in order. */
    public static List<String> entries(String content) {
        List<String> entries = new ArrayList<>();
        StringBuilder entry = new StringBuilder();
        for (String line : content.split("\r?\n", -1)) {
            if (line.strip().equals("%")) {
                add(entry, entries);
                entry.setLength(0);
            } else {
                entry.append(line).append('\n');
            }
        }
        add(entry, entries);
        return entries;
    }

    private static void add(StringBuilder entry, List<String> entries) {
        String text = Overstrike.resolve(entry.toString()).strip();
        if (!text.isEmpty()) {
            entries.add(text);
        }
    }

    /** Whether a path names a fortune file rather than its index ({@code .dat}) or UTF-8 alias ({@code .u8}). */
    public static boolean isFortuneFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && !name.endsWith(".dat") && !name.endsWith(".u8");
    }
}
