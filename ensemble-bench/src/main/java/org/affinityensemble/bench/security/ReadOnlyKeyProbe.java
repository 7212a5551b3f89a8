package org.affinityensemble.bench.security;

import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Tries every kind of write with the key a read-only service was given (the inference-service's), straight at the
 * object store, past the service's own read-only guard: a forged manifest, a forged adapter, deleting a manifest,
 * creating a bucket. The store itself must refuse each one.
 */
public final class ReadOnlyKeyProbe {

    /** What was tried and what the store refused. */
    public record Figures(int tried, int refused, List<String> failures) {

        public String report() {
            return String.format(Locale.ROOT, "s3_reader_writes_tried=%d%ns3_reader_writes_refused=%d", tried,
                    refused);
        }
    }

    private interface Write {
        void run() throws Exception;
    }

    private ReadOnlyKeyProbe() {
    }

    public static Figures run(String endpoint, String accessKey, String secretKey, String bucket) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).build();
        byte[] forged = "{\"forged\":true}".getBytes(StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        int refused = 0;
        List<String> names = List.of("put a manifest", "put adapter weights", "delete a manifest", "create a bucket");
        List<Write> writes = List.of(
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object("ensembles/forged/v999.json")
                        .stream(new ByteArrayInputStream(forged), forged.length, -1).build()),
                () -> client.putObject(PutObjectArgs.builder().bucket(bucket)
                        .object("adapters/forged/adapter_model.safetensors")
                        .stream(new ByteArrayInputStream(forged), forged.length, -1).build()),
                () -> client.removeObject(RemoveObjectArgs.builder().bucket(bucket)
                        .object("ensembles/forged/v1.json").build()),
                () -> client.makeBucket(MakeBucketArgs.builder()
                        .bucket("forged-" + UUID.randomUUID().toString().substring(0, 8)).build()));
        for (int i = 0; i < writes.size(); i++) {
            try {
                writes.get(i).run();
                failures.add("the read-only key could " + names.get(i));
            } catch (ErrorResponseException e) {
                refused++;
            } catch (Exception e) {
                failures.add(names.get(i) + " with the read-only key failed unexpectedly: " + e);
            }
        }
        return new Figures(writes.size(), refused, failures);
    }
}
