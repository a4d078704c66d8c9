-- The analytics database. merchant_sales_summary keeps the original system's columns so that
-- existing readers keep working; the unique key makes each (window, merchant, category) one row,
-- and the two indexes serve the API's merchant and category routes in the order it pages them.
CREATE DATABASE IF NOT EXISTS analytics_db;

CREATE TABLE IF NOT EXISTS analytics_db.merchant_sales_summary (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    time_stamp TIMESTAMP NOT NULL,
    merchant_id BIGINT NOT NULL,
    category VARCHAR(100) NOT NULL,
    total_revenue DECIMAL(15,2) NOT NULL,
    items_sold BIGINT NOT NULL,
    order_count BIGINT NOT NULL,
    last_updated TIMESTAMP DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    UNIQUE KEY summary_window (time_stamp, merchant_id, category),
    KEY summary_by_merchant (merchant_id, time_stamp, category),
    KEY summary_by_category (category, time_stamp, merchant_id)
);
