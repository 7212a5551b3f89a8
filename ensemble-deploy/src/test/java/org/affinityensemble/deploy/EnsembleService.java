package org.affinityensemble.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Properties;

/**
 * The five services and the conventions every deployment file must follow: HTTP port, PostgreSQL database
 * (the inference-service has none), whether the service talks to the object store, and whether it runs
 * libtorch through DJL.
 */
enum EnsembleService {
    GRADIENT("gradient-service", 8081, "ensemble_gradient", true, true),
    AFFINITY("affinity-service", 8082, "ensemble_affinity", false, false),
    CLUSTER("cluster-service", 8083, "ensemble_cluster", false, false),
    TRAINER("trainer-service", 8084, "ensemble_trainer", true, true),
    INFERENCE("inference-service", 8080, null, true, true);

    /** The project version the manifests and the compose file tag images with. */
    static final String IMAGE_TAG = "0.1.0";

    private final String serviceName;
    private final int port;
    private final String database;
    private final boolean usesObjectStore;
    private final boolean runsModel;

    EnsembleService(String serviceName, int port, String database, boolean usesObjectStore, boolean runsModel) {
        this.serviceName = serviceName;
        this.port = port;
        this.database = database;
        this.usesObjectStore = usesObjectStore;
        this.runsModel = runsModel;
    }

    String serviceName() {
        return serviceName;
    }

    int port() {
        return port;
    }

    Optional<String> database() {
        return Optional.ofNullable(database);
    }

    boolean usesObjectStore() {
        return usesObjectStore;
    }

    boolean runsModel() {
        return runsModel;
    }

    /** Whether the service only reads the object store ({@code ensemble.s3.read-only=true}): it gets the read-only key. */
    boolean readsObjectStoreOnly() {
        return Boolean.parseBoolean(applicationProperties().getProperty("ensemble.s3.read-only", "false"));
    }

    /** The service's own {@code src/main/resources/application.properties}. */
    Properties applicationProperties() {
        try (Reader reader = Files.newBufferedReader(RepositoryLayout.path(serviceName
                + "/src/main/resources/application.properties"))) {
            Properties properties = new Properties();
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code affinity-ensemble/<service>}, the image repository without tag. */
    String imageRepository() {
        return "affinity-ensemble/" + serviceName;
    }

    /**
     * Whether this service also has a CUDA image ({@code -cuda} tag, {@code Dockerfile.jvm-cuda}): the services that
     * run the model (the inference-service's for decoder LMs, k8s/overlays/gpu-decoder).
     */
    boolean hasCudaImage() {
        return runsModel;
    }

    @Override
    public String toString() {
        return serviceName;
    }
}
