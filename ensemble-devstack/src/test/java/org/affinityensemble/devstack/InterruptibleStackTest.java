package org.affinityensemble.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.affinityensemble.devstack.DevStack.Dependency;
import org.affinityensemble.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A stack whose broker, object store and database link a fault drill takes away and brings back, data kept. */
class InterruptibleStackTest {

    private static DevStack stack;

    @BeforeAll
    static void start() {
        stack = DevStack.start(DevStackOptions.ephemeral().interruptibleLocal());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theBrokerComesBackOnItsPortWithItsLog() throws Exception {
        String bootstrap = stack.endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.sendAndWait(Topics.AFFINITY, "before", "sent before the outage");
        }
        stack.cut(Dependency.BROKER);
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.AFFINITY, "k", "v")).get(3,
                    TimeUnit.SECONDS)).as("nothing answers while the broker is away")
                    .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class,
                            org.apache.kafka.common.errors.TimeoutException.class);
        }
        stack.restore(Dependency.BROKER);
        assertThat(stack.endpoints().kafkaBootstrapServers()).isEqualTo(bootstrap);
        try (TopicProbe probe = TopicProbe.fromBeginning(bootstrap, Topics.AFFINITY)) {
            assertThat(probe.await(r -> r.key().equals("before"), 1, Duration.ofSeconds(30)).get(0).value())
                    .isEqualTo("sent before the outage");
        }
    }

    @Test
    void theObjectStoreComesBackWithItsObjects() throws Exception {
        Endpoints endpoints = stack.endpoints();
        MinioClient client = MinioClient.builder().endpoint(endpoints.s3Endpoint())
                .credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey()).build();
        client.makeBucket(MakeBucketArgs.builder().bucket("interruptible").build());
        byte[] content = "kept".getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("interruptible").object("a").stream(
                new ByteArrayInputStream(content), content.length, -1).build());
        stack.cut(Dependency.OBJECT_STORE);
        assertThatThrownBy(() -> client.getObject(GetObjectArgs.builder().bucket("interruptible").object("a").build()))
                .isInstanceOf(java.net.ConnectException.class);
        stack.restore(Dependency.OBJECT_STORE);
        try (var in = client.getObject(GetObjectArgs.builder().bucket("interruptible").object("a").build())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void theDatabaseLinkDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
        Endpoints endpoints = stack.endpoints();
        String url = "jdbc:postgresql://" + endpoints.postgresHost() + ":" + endpoints.postgresPort() + "/postgres";
        try (Connection open = connect(url, endpoints)) {
            assertThat(answer(open)).isEqualTo(1);
            stack.cut(Dependency.DATABASE);
            assertThatThrownBy(() -> answer(open)).as("an open connection is dropped").isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> connect(url, endpoints)).as("a new one is refused").isInstanceOf(SQLException.class);
        stack.restore(Dependency.DATABASE);
        try (Connection again = connect(url, endpoints)) {
            assertThat(answer(again)).isEqualTo(1);
        }
    }

    private static Connection connect(String url, Endpoints endpoints) throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(url, endpoints.postgresUser(), endpoints.postgresPassword());
    }

    private static int answer(Connection connection) throws SQLException {
        try (ResultSet result = connection.createStatement().executeQuery("select 1")) {
            result.next();
            return result.getInt(1);
        }
    }
}
