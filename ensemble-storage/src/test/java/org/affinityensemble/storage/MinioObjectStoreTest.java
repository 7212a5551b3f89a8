package org.affinityensemble.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real S3 server (s3proxy) started by the dev stack. */
class MinioObjectStoreTest {

    private static ObjectStore store;

    @BeforeAll
    static void connect() {
        Endpoints endpoints = DevStack.shared().endpoints();
        store = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "storage-test", null));
    }

    @Test
    void putGetListDelete() {
        String key = StorageLayout.datasetSplit("sent_imdb", 1, Split.VALIDATION);
        assertThat(key).isEqualTo("datasets/sent_imdb/r1/validation.jsonl");
        store.put(key, "{\"id\":\"1\"}\n".getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        store.put(StorageLayout.adapterConfig("g-1-a"), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(store.exists(key)).isTrue();
        assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"1\"}\n");
        assertThat(store.list("datasets/sent_imdb/")).containsExactly(key);
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
        assertThat(store.find(key)).isEmpty();
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(ObjectStoreException.class).hasMessageContaining(key);
    }

    @Test
    void largeStreamsGoUpInParts() throws Exception {
        byte[] content = new byte[20 * 1024 * 1024];
        new Random(7).nextBytes(content);
        store.put("big/blob.bin", new ByteArrayInputStream(content), -1, "application/octet-stream");
        try (var in = store.open("big/blob.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void connectingTwiceKeepsTheBucket() {
        Endpoints endpoints = DevStack.shared().endpoints();
        store.put("keep/me", new byte[] {1}, "application/octet-stream");
        ObjectStore again = MinioObjectStore.connect(new S3Settings(endpoints.s3Endpoint(), endpoints.s3AccessKey(),
                endpoints.s3SecretKey(), "storage-test", null));
        assertThat(again.get("keep/me")).containsExactly(1);
    }
}
