// TransactionBuffer: the lines of an open transaction, held until commit, spilled to a temporary
// file past its memory limit. A small limit here makes the spill path run: commit, size(),
// truncate() (ROLLBACK TO SAVEPOINT) into the spilled and the in-memory part, clear() and reuse.
#include "events/transaction_buffer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using cdc::events::StringOutput;
using cdc::events::TransactionBuffer;

namespace {

// A line of 20 bytes: "line NNN xxxxxxxxxx\n" with the number zero-padded.
std::string line(int n) {
    std::string number = std::to_string(n);
    return "line " + std::string(3 - number.size(), '0') + number + " xxxxxxxxxx\n";
}

// Appends a line as capture does: text(), then written().
void append(TransactionBuffer& buffer, const std::string& text) {
    buffer.text() += text;
    buffer.written();
}

std::string lines(int from, int to) {
    std::string text;
    for (int n = from; n < to; ++n) text += line(n);
    return text;
}

// Records every write, so a test can tell whether commit wrote anything at all.
struct RecordingOutput : cdc::events::Output {
    void write(std::string_view lines) override { writes.emplace_back(lines); }
    void flush() override {}
    std::vector<std::string> writes;
};

} // namespace

TEST_CASE("TransactionBuffer: below the memory limit, commit writes the lines in order", "[events]") {
    REQUIRE(line(7) == "line 007 xxxxxxxxxx\n");
    TransactionBuffer buffer(100);
    for (int n = 0; n < 4; ++n) append(buffer, line(n)); // 80 bytes: all in memory
    CHECK(buffer.size() == 80);
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == lines(0, 4));
    CHECK(buffer.size() == 0);
}

TEST_CASE("TransactionBuffer: above the memory limit, commit writes spilled and in-memory lines in order", "[events]") {
    TransactionBuffer buffer(64);
    for (int n = 0; n < 50; ++n) {
        append(buffer, line(n));
        CHECK(buffer.size() == uint64_t(20) * (n + 1)); // spilled bytes count as much as memory
        CHECK(buffer.text().size() < 64);               // memory stays under the limit
    }
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == lines(0, 50));
    CHECK(buffer.size() == 0);
}

TEST_CASE("TransactionBuffer: a spilled transaction larger than a read-back chunk commits whole", "[events]") {
    // commit reads the spill back in 64 KiB pieces: 5,000 lines of 20 bytes take two.
    TransactionBuffer buffer(100);
    for (int n = 0; n < 5000; ++n) append(buffer, line(n % 1000));
    CHECK(buffer.size() == 100000);
    std::string expected;
    for (int n = 0; n < 5000; ++n) expected += line(n % 1000);
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text.size() == expected.size());
    CHECK(out.text == expected);
}

TEST_CASE("TransactionBuffer: several lines appended before one written() spill together", "[events]") {
    TransactionBuffer buffer(64);
    buffer.text() += lines(0, 5); // 100 bytes, past the limit at once
    buffer.written();
    CHECK(buffer.text().empty());
    CHECK(buffer.size() == 100);
    append(buffer, line(5));
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == lines(0, 6));
}

TEST_CASE("TransactionBuffer: truncate back to a size inside the in-memory part", "[events]") {
    SECTION("nothing spilled") {
        TransactionBuffer buffer(100);
        append(buffer, line(0));
        append(buffer, line(1));
        uint64_t savepoint = buffer.size();
        CHECK(savepoint == 40);
        append(buffer, line(2));
        append(buffer, line(3));
        buffer.truncate(savepoint);
        CHECK(buffer.size() == 40);
        append(buffer, line(100));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == line(0) + line(1) + line(100));
    }
    SECTION("after a spill") {
        TransactionBuffer buffer(64);
        for (int n = 0; n < 4; ++n) append(buffer, line(n)); // 80 bytes spilled at the 4th line
        append(buffer, line(4));                             // in memory
        uint64_t savepoint = buffer.size();
        CHECK(savepoint == 100);
        append(buffer, line(5));
        buffer.truncate(savepoint); // 100 > 80 spilled: only memory shrinks
        CHECK(buffer.size() == 100);
        append(buffer, line(100));
        append(buffer, line(101));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == lines(0, 5) + line(100) + line(101));
    }
    SECTION("to exactly the spilled size") {
        TransactionBuffer buffer(64);
        for (int n = 0; n < 4; ++n) append(buffer, line(n)); // 80 bytes spilled
        uint64_t savepoint = buffer.size();
        CHECK(savepoint == 80);
        append(buffer, line(4));
        append(buffer, line(5));
        buffer.truncate(savepoint);
        CHECK(buffer.size() == 80);
        append(buffer, line(100));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == lines(0, 4) + line(100));
    }
}

TEST_CASE("TransactionBuffer: truncate back to a size inside the spilled part", "[events]") {
    TransactionBuffer buffer(64);
    append(buffer, line(0));
    append(buffer, line(1));
    uint64_t savepoint = buffer.size(); // 40, in memory now, spilled later
    CHECK(savepoint == 40);
    for (int n = 2; n < 11; ++n) append(buffer, line(n)); // 160 bytes spilled, 60 in memory
    CHECK(buffer.size() == 220);
    CHECK(buffer.text().size() == 60);
    buffer.truncate(savepoint);
    CHECK(buffer.size() == 40);
    CHECK(buffer.text().empty());
    // More lines, enough to spill again after the cut: they go after the savepoint, not the old end.
    for (int n = 100; n < 110; ++n) append(buffer, line(n));
    CHECK(buffer.size() == 240);
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == lines(0, 2) + lines(100, 110));
}

TEST_CASE("TransactionBuffer: nested savepoints, rolled back innermost first", "[events]") {
    TransactionBuffer buffer(64);
    append(buffer, line(0));
    uint64_t outer = buffer.size();
    for (int n = 1; n < 6; ++n) append(buffer, line(n));
    uint64_t inner = buffer.size();
    for (int n = 6; n < 9; ++n) append(buffer, line(n));
    buffer.truncate(inner);
    CHECK(buffer.size() == inner);
    append(buffer, line(200));
    buffer.truncate(outer);
    CHECK(buffer.size() == outer);
    append(buffer, line(300));
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == line(0) + line(300));
}

TEST_CASE("TransactionBuffer: truncate to 0 after a spill leaves an empty, usable buffer", "[events]") {
    TransactionBuffer buffer(64);
    for (int n = 0; n < 10; ++n) append(buffer, line(n));
    buffer.truncate(0);
    CHECK(buffer.size() == 0);
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text.empty());
    append(buffer, line(42));
    buffer.commit(out);
    CHECK(out.text == line(42));
}

TEST_CASE("TransactionBuffer: clear drops everything and the buffer is reusable", "[events]") {
    TransactionBuffer buffer(64);
    SECTION("after a spilled transaction") {
        for (int n = 0; n < 10; ++n) append(buffer, line(n)); // spilled
        buffer.clear();
        CHECK(buffer.size() == 0);
        CHECK(buffer.text().empty());
        StringOutput empty;
        buffer.commit(empty);
        CHECK(empty.text.empty());
        // The next transaction, spilled too, commits only its own lines.
        for (int n = 100; n < 110; ++n) append(buffer, line(n));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == lines(100, 110));
    }
    SECTION("a small transaction after a spilled one") {
        for (int n = 0; n < 10; ++n) append(buffer, line(n));
        buffer.clear();
        append(buffer, line(100));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == line(100));
    }
    SECTION("in memory only") {
        append(buffer, line(0));
        buffer.clear();
        CHECK(buffer.size() == 0);
        append(buffer, line(1));
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text == line(1));
    }
}

TEST_CASE("TransactionBuffer: commit empties it, so the next transaction starts fresh", "[events]") {
    TransactionBuffer buffer(64);
    for (int n = 0; n < 10; ++n) append(buffer, line(n)); // spilled
    StringOutput first;
    buffer.commit(first);
    CHECK(first.text == lines(0, 10));
    CHECK(buffer.size() == 0);
    for (int n = 100; n < 110; ++n) append(buffer, line(n));
    StringOutput second;
    buffer.commit(second);
    CHECK(second.text == lines(100, 110));
}

TEST_CASE("TransactionBuffer: commit of an empty buffer writes nothing", "[events]") {
    SECTION("never used") {
        TransactionBuffer buffer(64);
        StringOutput out;
        buffer.commit(out);
        CHECK(out.text.empty());
        RecordingOutput recorded;
        buffer.commit(recorded);
        std::string written;
        for (const std::string& w : recorded.writes) written += w;
        CHECK(written.empty());
    }
    SECTION("after a clear") {
        TransactionBuffer buffer(64);
        for (int n = 0; n < 10; ++n) append(buffer, line(n));
        buffer.clear();
        RecordingOutput recorded;
        buffer.commit(recorded);
        std::string written;
        for (const std::string& w : recorded.writes) written += w;
        CHECK(written.empty());
    }
}

TEST_CASE("TransactionBuffer: a spilled transaction moves whole, and leaves an empty, usable buffer", "[events]") {
    // An XA transaction's lines move out of the open transaction's buffer at XA PREPARE.
    TransactionBuffer open(100);
    for (int n = 0; n < 12; ++n) append(open, line(n));
    TransactionBuffer prepared(1);
    prepared = std::move(open);
    open.clear();
    append(open, line(99));
    StringOutput out;
    prepared.commit(out);
    CHECK(out.text == lines(0, 12));
    StringOutput rest;
    open.commit(rest);
    CHECK(rest.text == line(99));
}

TEST_CASE("TransactionBuffer: keep_in_memory_below spills a buffer kept aside, and only past its bound", "[events]") {
    // A prepared XA transaction's lines may wait for hours, with many others.
    TransactionBuffer buffer;
    for (int n = 0; n < 100; ++n) append(buffer, line(n));
    buffer.keep_in_memory_below(5000);
    CHECK(buffer.text().size() == 2000); // under the bound: stays
    buffer.keep_in_memory_below(1000);
    CHECK(buffer.text().empty());
    CHECK(buffer.size() == 2000);
    append(buffer, line(100));
    StringOutput out;
    buffer.commit(out);
    CHECK(out.text == lines(0, 101));
}
