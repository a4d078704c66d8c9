#include "binlog/control_events.h"
#include "config/failure.h"
#include "events/statement.h"
#include "events/table_filter.h"

#include <catch2/catch.hpp>

using namespace cdc::events;

TEST_CASE("transaction control and TRUNCATE are recognised in QUERY events", "[events]") {
    CHECK(classify_statement("BEGIN").kind == Statement::begin);
    CHECK(classify_statement("  commit ").kind == Statement::commit);
    CHECK(classify_statement("ROLLBACK").kind == Statement::rollback);
    CHECK(classify_statement("ROLLBACK WORK AND CHAIN").kind == Statement::other);
    Statement s = classify_statement("ROLLBACK TO `my``sp`");
    CHECK(s.kind == Statement::rollback_to_savepoint);
    CHECK(s.name == "my`sp");
    CHECK(classify_statement("SAVEPOINT sp1").name == "sp1");
    Statement t = classify_statement("/* generated */ TRUNCATE TABLE `ecommerce_db`.`orders`");
    CHECK(t.kind == Statement::truncate);
    CHECK(t.db == "ecommerce_db");
    CHECK(t.name == "orders");
    CHECK(classify_statement("truncate products").name == "products");
    CHECK(classify_statement("BEGINNING").kind == Statement::other);
    CHECK(classify_statement("CREATE TABLE t (a INT)").kind == Statement::other);
    // MySQL logs XA transactions between XA START and XA END, ended by XA PREPARE or XA COMMIT
    // ... ONE PHASE, and later XA COMMIT or XA ROLLBACK of a prepared one.
    CHECK(classify_statement("XA START X'7831',X'',1").kind == Statement::xa_start);
    CHECK(classify_statement("XA END X'7831',X'',1").kind == Statement::other);
    CHECK(classify_statement("XA COMMIT X'7831',X'',1 ONE PHASE").kind == Statement::commit);
    Statement commit = classify_statement("XA COMMIT X'7831',X'',1");
    CHECK(commit.kind == Statement::xa_commit);
    CHECK(commit.name == "X'7831',X'',1");
    Statement rollback = classify_statement("xa rollback X'7831',X'',1");
    CHECK(rollback.kind == Statement::xa_rollback);
    CHECK(rollback.name == "X'7831',X'',1");
}

TEST_CASE("an XA statement's XID reads as the XA_PREPARE event's", "[events]") {
    // However written: the servers log X'..' in either case; a client may write strings.
    CHECK(classify_statement("XA COMMIT x'6A4B',X'00ff',7").name ==
          cdc::binlog::xid_text(7, "jK", std::string("\0\xff", 2)));
    CHECK(classify_statement("XA COMMIT 'jK'").name == "X'6a4b',X'',1");
    CHECK(classify_statement("XA COMMIT 'jK', 'b'").name == "X'6a4b',X'62',1");
    CHECK(classify_statement("XA ROLLBACK X'6a4b' , X'' , 3").name == "X'6a4b',X'',3");
    CHECK(classify_statement("XA COMMIT X'6'").name.empty()); // not hex: no XID
}

TEST_CASE("data changes logged as statements name the tables they write", "[events]") {
    using Tables = std::vector<std::pair<std::string, std::string>>;
    Statement insert = classify_statement("INSERT IGNORE INTO `shop`.`orders` (id) SELECT id FROM products");
    CHECK(insert.kind == Statement::data_change);
    CHECK(insert.tables == Tables{{"shop", "orders"}});
    CHECK(classify_statement("replace delayed products values (1)").tables == Tables{{"", "products"}});
    Statement update = classify_statement("UPDATE LOW_PRIORITY orders o JOIN shop.items i ON o.id = i.id SET o.n = 1");
    CHECK(update.kind == Statement::data_change);
    CHECK(update.tables == Tables{{"", "orders"}, {"", "o"}, {"shop", "items"}, {"", "i"}, {"o", "id"}, {"i", "id"}});
    CHECK(classify_statement("DELETE FROM orders WHERE id = 1").tables == Tables{{"", "orders"}});
    CHECK(classify_statement("DELETE o FROM orders AS o USING x").tables ==
          Tables{{"", "o"}, {"", "orders"}, {"", "o"}, {"", "x"}});
    CHECK(classify_statement("LOAD DATA LOCAL INFILE 'a.csv' INTO TABLE shop.orders").tables ==
          Tables{{"shop", "orders"}});
    CHECK(classify_statement("SELECT 1").kind == Statement::other);
}

TEST_CASE("table filters and operation sets", "[events]") {
    TableFilter f("shop.*,ecommerce_db.orders", "shop.secret");
    CHECK(f.matches("shop", "items"));
    CHECK(!f.matches("shop", "secret"));
    CHECK(f.matches("ecommerce_db", "orders"));
    CHECK(!f.matches("ecommerce_db", "products"));
    CHECK(TableFilter("*", "").matches("a", "b"));
    using Tables = std::vector<std::pair<std::string, std::string>>;
    CHECK(f.named_tables() == Tables{{"ecommerce_db", "orders"}});
    CHECK(TableFilter("a.b,a.c", "a.c").named_tables() == Tables{{"a", "b"}});
    CHECK_THROWS_AS(TableFilter("orders", ""), cdc::UsageError);
    TableFilter partial("shop.order_*,*.t?,log[12].x", "shop.order_secret");
    CHECK(partial.matches("shop", "order_items"));
    CHECK(!partial.matches("shop", "order_secret"));
    CHECK(!partial.matches("shop", "orders"));
    CHECK(partial.matches("any", "t1"));
    CHECK(!partial.matches("any", "t12"));
    CHECK(partial.matches("log2", "x"));
    CHECK(!partial.matches("log3", "x"));
    CHECK(partial.named_tables().empty());
    OpSet ops = OpSet::parse("d, t");
    CHECK(ops.contains('d'));
    CHECK(ops.contains('t'));
    CHECK(!ops.contains('c'));
    CHECK_THROWS_AS(OpSet::parse("x"), cdc::UsageError);
}
