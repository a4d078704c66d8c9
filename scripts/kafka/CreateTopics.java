// Creates the pipeline's topics in one JVM (Kafka's own kafka-topics tool takes one per run).
// Usage: java -cp "KAFKA_LIBS/*" CreateTopics.java HOST:PORT NAME:compact|delete ...
// Topics that already exist are left as they are.
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

public class CreateTopics {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", args[0]);
        List<NewTopic> topics = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameAndPolicy = args[i].split(":");
            topics.add(new NewTopic(nameAndPolicy[0], 3, (short) 1)
                .configs(Map.of("cleanup.policy", nameAndPolicy[1])));
        }
        try (Admin admin = Admin.create(props)) {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get();
                    System.out.println("created " + entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw e;
                    System.out.println("exists  " + entry.getKey());
                }
            }
        }
    }
}
