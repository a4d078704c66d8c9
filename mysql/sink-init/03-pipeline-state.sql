-- The pipeline's own state beside the summaries: the next Kafka offset of each partition that
-- aggregate has counted, written in the same transaction as the summaries it changed, so a
-- restart neither loses nor counts twice.
CREATE TABLE IF NOT EXISTS analytics_db.cdc_offsets (
    consumer_group VARCHAR(255) NOT NULL,
    topic VARCHAR(255) NOT NULL,
    kafka_partition INT NOT NULL,
    next_offset BIGINT NOT NULL,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (consumer_group, topic, kafka_partition)
);
