package org.affinityensemble.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ObjectStore} over the MinIO Java client. */
public final class MinioObjectStore implements ObjectStore {

    private static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;
    private final String bucket;
    private final boolean readOnly;

    private MinioObjectStore(MinioClient client, String bucket, boolean readOnly) {
        this.client = client;
        this.bucket = bucket;
        this.readOnly = readOnly;
    }

    /** Connects and creates the bucket if it does not exist yet. */
    public static MinioObjectStore connect(S3Settings settings) {
        MinioObjectStore store = new MinioObjectStore(client(settings), settings.bucket(), false);
        store.ensureBucket();
        return store;
    }

    /**
     * Connects with a key that may only read (the gradient- and inference-service's): the bucket is not created (a
     * bucket that does not exist yet holds nothing), and {@code put} and {@code delete} fail here, before any request.
     */
    public static MinioObjectStore connectReadOnly(S3Settings settings) {
        return new MinioObjectStore(client(settings), settings.bucket(), true);
    }

    private static MinioClient client(S3Settings settings) {
        return MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
    }

    private void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] content, String contentType) {
        put(key, new ByteArrayInputStream(content), content.length, contentType);
    }

    @Override
    public void put(String key, InputStream content, long size, String contentType) {
        refuseIfReadOnly("put " + key);
        call("put " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(content, size, size >= 0 ? -1 : PART_SIZE).contentType(contentType).build()));
    }

    @Override
    public Optional<byte[]> find(String key) {
        return call("get " + key, () -> {
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(in.readAllBytes());
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public InputStream open(String key) {
        return call("open " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public boolean exists(String key) {
        return call("stat " + key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isMissing(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<String> list(String prefix) {
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            try {
                for (var result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                        .recursive(true).build())) {
                    keys.add(result.get().objectName());
                }
            } catch (ErrorResponseException e) {
                if (!isMissing(e)) {
                    throw e;
                }
            }
            keys.sort(null);
            return keys;
        });
    }

    @Override
    public void delete(String key) {
        refuseIfReadOnly("delete " + key);
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    /** No such object, or no bucket yet (which a read-only store does not create): nothing stored. */
    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || "NoSuchBucket".equals(code);
    }

    private void refuseIfReadOnly(String what) {
        if (readOnly) {
            throw new ObjectStoreException("S3 " + what + " in bucket " + bucket + " refused: this store was"
                    + " connected read-only (ensemble.s3.read-only)");
        }
    }

    private interface S3Call<T> {
        T run() throws Exception;
    }

    private <T> T call(String what, S3Call<T> call) {
        try {
            return call.run();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException("S3 " + what + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }
}
