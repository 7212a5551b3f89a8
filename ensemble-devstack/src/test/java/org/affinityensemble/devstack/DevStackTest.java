package org.affinityensemble.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DevStackTest {

    private static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(new DevStackOptions(null, 0, 0, DevStackOptions.Mode.LOCAL));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void brokerHasEveryTopicAndCarriesMessages() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(names).containsAll(TopicCatalog.all().stream().map(TopicCatalog.TopicSpec::name).toList())
                    .contains(Topics.deadLetter(Topics.DATASETS));
            var description = admin.describeTopics(List.of(Topics.DATASETS)).allTopicNames().get().get(Topics.DATASETS);
            assertThat(description.partitions()).hasSize(12);
        }
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.AFFINITY, "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "devstack-test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AFFINITY));
            ConsumerRecord<String, String> received = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received == null && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    received = record;
                }
            }
            assertThat(received).isNotNull();
            assertThat(received.value()).isEqualTo("hello");
        }
    }

    @Test
    void oneProbeReadsSeveralTopicsFromTheirBeginnings() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        String datasetsDlq = Topics.deadLetter(Topics.DATASETS); // 1 partition
        String groupings = Topics.GROUPINGS;
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.sendAndWait(datasetsDlq, "a", "first");
            writer.sendAndWait(groupings, "b", "second");
        }
        try (TopicProbe probe = TopicProbe.fromBeginning(bootstrap, List.of(datasetsDlq, groupings))) {
            List<ConsumerRecord<String, String>> seen = probe.drain(Duration.ofSeconds(2));
            assertThat(seen).extracting(ConsumerRecord::topic, ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyInAnyOrder(tuple(datasetsDlq, "a", "first"), tuple(groupings, "b", "second"));
        }
    }

    @Test
    void objectServerStoresAndReturnsObjects() throws Exception {
        Endpoints endpoints = stack.endpoints();
        MinioClient client = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        client.makeBucket(MakeBucketArgs.builder().bucket("devstack-test").build());
        assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("devstack-test").build())).isTrue();
        byte[] content = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("devstack-test").object("x/y.jsonl")
                .stream(new ByteArrayInputStream(content), content.length, -1).build());
        try (var in = client.getObject(GetObjectArgs.builder().bucket("devstack-test").object("x/y.jsonl").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void theReadersKeyReadsEverythingAndWritesNothing() throws Exception {
        Endpoints endpoints = stack.endpoints();
        assertThat(endpoints.s3ReaderAccessKey()).isNotEqualTo(endpoints.s3AccessKey());
        MinioClient writer = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        MinioClient reader = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3ReaderAccessKey(), endpoints.s3ReaderSecretKey()).build();
        String bucket = "devstack-reader-test";
        assertThatThrownBy(() -> reader.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()))
                .isInstanceOf(ErrorResponseException.class);
        writer.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        byte[] content = "stored by the writer".getBytes(StandardCharsets.UTF_8);
        writer.putObject(PutObjectArgs.builder().bucket(bucket).object("a/manifest.json")
                .stream(new ByteArrayInputStream(content), content.length, -1).build());

        try (var in = reader.getObject(GetObjectArgs.builder().bucket(bucket).object("a/manifest.json").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        byte[] forged = "forged".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.putObject(PutObjectArgs.builder().bucket(bucket).object("a/manifest.json")
                .stream(new ByteArrayInputStream(forged), forged.length, -1).build()))
                .isInstanceOf(ErrorResponseException.class);
        assertThatThrownBy(() -> reader.removeObject(RemoveObjectArgs.builder().bucket(bucket)
                .object("a/manifest.json").build())).isInstanceOf(ErrorResponseException.class);
        try (var in = writer.getObject(GetObjectArgs.builder().bucket(bucket).object("a/manifest.json").build())) {
            assertThat(in.readAllBytes()).as("unchanged by the reader").isEqualTo(content);
        }
        MinioClient wrongSecret = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3ReaderAccessKey(), "not-the-secret").build();
        assertThatThrownBy(() -> wrongSecret.getObject(GetObjectArgs.builder().bucket(bucket)
                .object("a/manifest.json").build()).close()).isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void databasesAreCreatedAndRecreated() throws Exception {
        stack.ensureDatabase("ensemble_devstack_test", true);
        Endpoints endpoints = stack.endpoints();
        // a throw-away stack names its databases for this checkout: another checkout's tests cannot drop them
        assertThat(endpoints.databaseSuffix()).matches("_[0-9a-f]{8}");
        assertThat(endpoints.jdbcUrl("ensemble_devstack_test"))
                .endsWith("/ensemble_devstack_test" + endpoints.databaseSuffix());
        try (var connection = DriverManager.getConnection(endpoints.jdbcUrl("ensemble_devstack_test"),
                endpoints.postgresUser(), endpoints.postgresPassword()); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (id int)");
        }
        stack.ensureDatabase("ensemble_devstack_test", false);
        try (var connection = DriverManager.getConnection(endpoints.jdbcUrl("ensemble_devstack_test"),
                endpoints.postgresUser(), endpoints.postgresPassword()); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("kept without fresh").isEqualTo(1);
        }
        stack.ensureDatabase("ensemble_devstack_test", true);
        try (var connection = DriverManager.getConnection(endpoints.jdbcUrl("ensemble_devstack_test"),
                endpoints.postgresUser(), endpoints.postgresPassword()); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("dropped with fresh").isZero();
        }
    }
}
