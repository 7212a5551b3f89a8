package org.affinityensemble.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, offline, as {@code kubectl apply -k} would before
 * sending the objects to a cluster. The kubectl binary is {@code $KUBECTL}, else {@code kubectl} on the PATH.
 * Renders are cached per directory: the files do not change during a test run.
 */
final class Kustomize {

    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The rendered multi-document YAML of the kustomization in {@code directory}. */
    static String render(Path directory) {
        return RENDERED.computeIfAbsent(directory.toAbsolutePath().normalize(), Kustomize::run);
    }

    private static String run(Path directory) {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        Process process;
        try {
            Path stderr = Files.createTempFile("kustomize", ".err");
            process = new ProcessBuilder(List.of(kubectl, "kustomize", directory.toString()))
                    .redirectError(stderr.toFile())
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 60 s");
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed (exit "
                        + process.exitValue() + "):\n" + errors);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + kubectl + "': install kubectl (it renders kustomizations"
                    + " offline) or point $KUBECTL at it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering " + directory, e);
        }
    }
}
