package org.affinityensemble.trainer.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaResultSinkTest {

    @Test
    void takesTheClientSecurityFromTheEnvironmentAsTheServicesDo() {
        Map<String, String> config = KafkaResultSink.securityFrom(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM", "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka-ca/ca.crt",
                "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9093", "KAFKA_SASL_MECHANISM_EXTRA", "ignored"));
        assertThat(config).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("ssl.truststore.type", "PEM"), Map.entry("ssl.truststore.location", "/etc/kafka-ca/ca.crt"));
        assertThat(KafkaResultSink.securityFrom(Map.of())).as("a plaintext cluster").isEmpty();
    }
}
