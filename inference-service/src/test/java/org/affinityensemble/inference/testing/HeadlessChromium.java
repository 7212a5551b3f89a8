package org.affinityensemble.inference.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium in headless mode, for tests that check what a page shows after its scripts ran. If
 * {@code /usr/bin/chromium} is missing it is installed with apt-get when running as root; otherwise the test
 * fails with the command to run.
 */
public final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /** The DOM of a page after up to 8 s of virtual time (scripts, fetches and timers run), as HTML. */
    public static String dumpDom(String url) throws IOException, InterruptedException {
        ensureInstalled();
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path stdout = Files.createTempFile("chromium-dom-", ".html");
        Path stderr = Files.createTempFile("chromium-log-", ".txt");
        try {
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                    "--virtual-time-budget=8000", "--dump-dom", url))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("chromium did not finish within 90 s: " + Files.readString(stderr));
            }
            String dom = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || dom.isBlank()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": "
                        + Files.readString(stderr));
            }
            return dom;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's chromium package "
                    + "(sudo apt-get install -y chromium) and run the tests again");
        }
        Process install = new ProcessBuilder("apt-get", "install", "-y", "chromium").inheritIO().start();
        if (!install.waitFor(15, TimeUnit.MINUTES) || install.exitValue() != 0 || !Files.isExecutable(BINARY)) {
            throw new IllegalStateException("apt-get install -y chromium failed; install it and run the tests again");
        }
    }
}
