package org.affinityensemble.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.affinityensemble.devstack.TopicWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ensemble dlq list|replay TOPIC}: the dead letters of a topic, with their reasons; replaying them. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "Inspect and replay dead-lettered records.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
final class DlqCommand {

    /** What both subcommands take. */
    static class Target {

        @Parameters(index = "0", description = "the original topic (for example ensemble.datasets)")
        String topic;

        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
                description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
        String bootstrapServers;

        @Option(names = "--offsets", split = ",", description = "only these offsets of the dead-letter topic")
        List<Long> offsets;

        List<DeadLetters.DeadLetter> letters() {
            return DeadLetters.read(bootstrapServers, topic).stream()
                    .filter(letter -> offsets == null || offsets.contains(letter.offset())).toList();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List TOPIC's dead-lettered records (offset, key, reason, the start of the record).")
    static final class ListLetters extends Target implements Callable<Integer> {

        @Override
        public Integer call() {
            List<DeadLetters.DeadLetter> letters = letters();
            for (DeadLetters.DeadLetter letter : letters) {
                String value = letter.value() == null ? "" : letter.value();
                System.out.printf("%d:%d key=%s reason=%s%n  %s%n", letter.partition(), letter.offset(), letter.key(),
                        letter.reason(), value.length() > 160 ? value.substring(0, 160) + "…" : value);
            }
            System.out.printf("%s.dlq: %d dead letters%n", topic, letters.size());
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = {
            "Send TOPIC's dead-lettered records to TOPIC again (key and headers kept, dead-letter-* headers removed).",
            "Consumers store a message they have seen once; one still wrong is dead-lettered again with its reason."})
    static final class Replay extends Target implements Callable<Integer> {

        @Override
        public Integer call() {
            List<DeadLetters.DeadLetter> letters = letters();
            try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
                int sent = DeadLetters.replay(writer, topic, letters);
                System.out.printf("%s: replayed=%d%n", topic, sent);
            }
            return 0;
        }
    }
}
