-- The user cdc capture connects as: it reads the binary log as a replica and takes snapshots,
-- and may do nothing else. The password here is for Docker demos only; scripts/infra replaces
-- it with a random one. Set your own in production.
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'cdc-demo-only';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%';
