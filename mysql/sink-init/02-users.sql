-- cdc_writer: the pipeline (aggregate) writes summaries and its own state tables.
-- cdc_reader: the API reads, and can do nothing else.
-- The passwords here are for Docker demos only; scripts/infra replaces them with random ones.
CREATE USER IF NOT EXISTS 'cdc_writer'@'%' IDENTIFIED BY 'cdc-demo-only';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, INDEX, ALTER ON analytics_db.* TO 'cdc_writer'@'%';
CREATE USER IF NOT EXISTS 'cdc_reader'@'%' IDENTIFIED BY 'cdc-demo-only';
GRANT SELECT ON analytics_db.* TO 'cdc_reader'@'%';
