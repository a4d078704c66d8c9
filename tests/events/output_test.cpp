#include "events/output.h"

#include <catch2/catch.hpp>
#include <climits>
#include <cstdio>
#include <fcntl.h>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using cdc::events::FileOutput;

namespace {

// Numbered lines of varied lengths, up to about 1,000 bytes.
std::string sample_lines() {
    std::string text;
    for (size_t i = 0; i < 3000; ++i) text += std::to_string(i) + ':' + std::string(i % 7 ? i % 97 : i / 3, 'x') + '\n';
    return text;
}

} // namespace

TEST_CASE("FileOutput: into a pipe, every write is of whole lines", "[events][output]") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    std::vector<std::string> reads;
    std::thread reader([&] {
        char buf[1 << 16];
        for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) reads.emplace_back(buf, static_cast<size_t>(n));
    });
    std::string text = sample_lines();
    {
        FileOutput out(fds[1]);
        // Line by line, then in pieces of every size that end anywhere (a spilled transaction is
        // read back in blocks), some larger than PIPE_BUF.
        size_t at = 0;
        for (size_t end; at < 20000; at = end + 1) {
            end = text.find('\n', at);
            out.write(text.substr(at, end + 1 - at));
        }
        std::mt19937 random(7);
        for (size_t n; at < text.size(); at += n) {
            n = random() % 3 ? random() % 300 : random() % 70000;
            out.write(text.substr(at, n));
        }
    }
    close(fds[1]);
    reader.join();
    close(fds[0]);
    std::string received;
    for (const std::string& r : reads) {
        // A read can get several writes; it never gets part of one, as each is at most PIPE_BUF.
        CHECK(r.back() == '\n');
        received += r;
    }
    CHECK(received == text);
}

TEST_CASE("FileOutput: into a file, what is written is all there after flush", "[events][output]") {
    char path[] = "/tmp/cdc-output-test-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    std::string text = sample_lines() + std::string(3 << 19, 'y') + '\n'; // one line longer than its 1 MB chunk
    FileOutput out(fd);
    for (int i = 0; i < 3; ++i) out.write(text);
    out.write("la");
    out.write("st\n");
    out.flush();
    std::string back(3 * text.size() + 5, '\0');
    CHECK(pread(fd, back.data(), back.size(), 0) == static_cast<ssize_t>(back.size()));
    CHECK(back == text + text + text + "last\n");
    close(fd);
    unlink(path);
}

TEST_CASE("FileOutput: a line that never gets its end is never written", "[events][output]") {
    char path[] = "/tmp/cdc-output-test-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    {
        FileOutput out(fd);
        out.write("whole\nhal");
        out.flush();
        out.write(std::string(1 << 17, 'f')); // a large piece, still inside that line
    }                                         // as when a transaction's read-back fails half way
    char back[64] = {};
    CHECK(pread(fd, back, sizeof back, 0) == 6);
    CHECK(std::string(back) == "whole\n");
    close(fd);
    unlink(path);
}
