// The reading thread of publish: lines from a descriptor into batches, kept until published.
#include "kafka/routing_stage.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <unistd.h>

using namespace cdc::kafka;

namespace {

std::string line(int id, size_t size) {
    std::string text = "{\"id\":" + std::to_string(id) + ",\"pad\":\"";
    text.append(size - text.size() - 3, 'x');
    return text + "\"}\n";
}

// Writes `count` lines of `size` bytes into a pipe; the read end is returned, the write end
// closed after them unless `keep_open`.
struct Input {
    int fds[2];
    std::thread writer;
    Input(int count, size_t size, bool keep_open) {
        REQUIRE(pipe(fds) == 0);
        writer = std::thread([=, this] {
            for (int i = 1; i <= count; ++i) {
                std::string text = line(i, size);
                for (size_t done = 0; done < text.size();) {
                    ssize_t n = write(fds[1], text.data() + done, text.size() - done);
                    if (n <= 0) return;
                    done += static_cast<size_t>(n);
                }
            }
            if (!keep_open) close(std::exchange(fds[1], -1));
        });
    }
    ~Input() {
        writer.join();
        if (fds[1] >= 0) close(fds[1]);
        close(fds[0]);
    }
};

} // namespace

TEST_CASE("a batch is handed over before the reader waits for a store its own lines fill") {
    // 300 lines of 600 bytes, one per 1 KiB chunk, 4 chunks: a batch of 256 could never fill.
    Input input(300, 600, false);
    Router router("t", "/id");
    LineStore lines(1024, 4);
    std::atomic<bool> stop{false};
    RoutingStage stage(input.fds[0], SIZE_MAX, router, lines, stop);
    std::uint64_t expected = 1;
    for (bool end = false; !end;) {
        Batch* batch = stage.next(100);
        if (!batch) continue;
        for (size_t i = 0; i < batch->count; ++i) {
            const RoutedEntry& entry = batch->entries[i];
            REQUIRE(entry.number == expected);
            CHECK(entry.line == line(static_cast<int>(expected), 600).substr(0, 599));
            CHECK(entry.reason.empty());
            CHECK(entry.routed.key == std::to_string(expected));
            lines.release_through(expected++); // published
        }
        end = batch->end;
        stage.recycle(batch);
    }
    CHECK(expected == 301);
}

TEST_CASE("a stop ends a reader that waits for the broker, and what it read is handed over") {
    Input input(10, 600, true); // the input stays open (it fits the pipe): only the stop ends reading
    Router router("t", "/id");
    LineStore lines(1024, 2); // room for two lines, and the broker never takes them
    std::atomic<bool> stop{false};
    RoutingStage stage(input.fds[0], SIZE_MAX, router, lines, stop);
    std::uint64_t received = 0;
    while (!stage.drained()) {
        Batch* batch = stage.next(100);
        if (!batch) continue;
        received += batch->count;
        stage.recycle(batch);
        if (received >= 2) stop = true; // more would be the defect CHECKed below
    }
    CHECK(received == 2);
}
