#include "io/line_reader.h"

#include <catch2/catch.hpp>
#include <thread>
#include <unistd.h>

using cdc::io::LineReader;

TEST_CASE("lines come whole, idle time is reported, and a last line without newline is kept") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    LineReader reader(fds[0]);
    std::string_view line;
    CHECK(reader.next(line, 10) == LineReader::Status::idle);
    REQUIRE(write(fds[1], "first\nsec", 9) == 9);
    REQUIRE(reader.next(line, 10) == LineReader::Status::line);
    CHECK(line == "first");
    CHECK(reader.next(line, 10) == LineReader::Status::idle); // half a line waits for the rest
    REQUIRE(write(fds[1], "ond\n\nlast", 9) == 9);
    close(fds[1]);
    REQUIRE(reader.next(line, 10) == LineReader::Status::line);
    CHECK(line == "second");
    REQUIRE(reader.next(line, 10) == LineReader::Status::line);
    CHECK(line.empty());
    REQUIRE(reader.next(line, 10) == LineReader::Status::line);
    CHECK(line == "last");
    CHECK(reader.next(line, 10) == LineReader::Status::end);
    close(fds[0]);
}

TEST_CASE("long lines grow the buffer") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::string big(200000, 'x');
    LineReader reader(fds[0]);
    std::thread writer([&] {
        std::string text = big + "\n";
        size_t done = 0;
        while (done < text.size()) done += static_cast<size_t>(write(fds[1], text.data() + done, text.size() - done));
        close(fds[1]);
    });
    std::string_view line;
    LineReader::Status status;
    while ((status = reader.next(line, 1000)) == LineReader::Status::idle) {}
    CHECK(status == LineReader::Status::line);
    CHECK(line.size() == big.size());
    writer.join();
    close(fds[0]);
}
