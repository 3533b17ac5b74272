package dev.switchboard.platform.kafka;

import dev.switchboard.platform.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import io.vertx.kafka.client.common.TopicPartition;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the link's topics when they are missing and lists their partitions. */
final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Every partition of {@code topics}, creating missing topics with the configured partitions and
     * replication; closes {@code admin} when done.
     */
    static Future<Set<TopicPartition>> partitions(KafkaAdminClient admin, KafkaConfig config, List<String> topics) {
        Future<Set<TopicPartition>> result = admin.listTopics()
                .compose(existing -> {
                    List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                            .map(t -> new NewTopic(t, config.partitions(), config.replicationFactor())).toList();
                    return missing.isEmpty() ? Future.<Void>succeededFuture() : admin.createTopics(missing)
                            .recover(err -> err instanceof TopicExistsException || err.getCause() instanceof TopicExistsException
                                    ? Future.succeededFuture() : Future.failedFuture(err));
                })
                .compose(v -> admin.describeTopics(topics))
                .map(descriptions -> {
                    Set<TopicPartition> partitions = new HashSet<>();
                    descriptions.forEach((topic, d) -> d.getPartitions().forEach(p -> partitions.add(new TopicPartition(topic, p.getPartition()))));
                    return partitions;
                });
        return result.eventually(() -> admin.close())
                .recover(err -> Future.failedFuture(new IllegalStateException(
                        "kafka is unreachable or refused the topics [bootstrap: " + config.bootstrap() + "]: " + err.getMessage(), err)));
    }
}
