#include "io/line_reader.h"

#include <catch2/catch.hpp>
#include <thread>
#include <unistd.h>
#include <vector>

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

TEST_CASE("a line over the limit is read past and reported with its last bytes only") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    LineReader reader(fds[0], 10);
    std::thread writer([&] {
        // 200,000 bytes in one line: more than one read, and more than the pipe holds.
        std::string text = "short\n" + std::string(200000, 'x') + "end\nten chars!\n" + std::string(11, 'y');
        size_t done = 0;
        while (done < text.size()) done += static_cast<size_t>(write(fds[1], text.data() + done, text.size() - done));
        close(fds[1]);
    });
    std::vector<std::pair<LineReader::Status, std::string>> got;
    std::string_view line;
    for (LineReader::Status status; (status = reader.next(line, 1000)) != LineReader::Status::end;)
        if (status != LineReader::Status::idle) got.emplace_back(status, line);
    writer.join();
    close(fds[0]);
    using S = LineReader::Status;
    CHECK(got ==
          std::vector<std::pair<S, std::string>>{{S::line, "short"},
                                                 {S::too_long, std::string(LineReader::kept_end - 3, 'x') + "end"},
                                                 {S::line, "ten chars!"},
                                                 {S::too_long, std::string(11, 'y')}});
}
