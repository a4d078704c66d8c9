#pragma once
// Reading and routing lines on a thread of their own, so that validating each line's JSON runs
// beside producing the previous ones: publish keeps up with a broker that kcat saturates.
// Batches travel to the producing thread and back, and lines stay in a LineStore until
// published, so steady state allocates nothing.
#include "kafka/line_store.h"
#include "kafka/routing.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cdc::kafka {

struct RoutedEntry {
    std::uint64_t number = 0; // line number in the input
    std::string_view line;    // in the LineStore
    std::string reason;       // why it cannot be published; empty when routed
    RoutedLine routed;        // its views point into `line`
};

struct Batch {
    std::vector<RoutedEntry> entries; // the first `count` are filled
    size_t count = 0;
    bool end = false; // the input ended after these
};

class RoutingStage {
public:
    // Starts reading the descriptor `input`; reading stops at its end or once `stop` is set.
    // A line longer than max_line is not kept: its entry has only its number and the reason.
    RoutingStage(int input, size_t max_line, const Router& router, LineStore& lines, const std::atomic<bool>& stop);
    ~RoutingStage(); // stops reading and waits for the thread
    RoutingStage(const RoutingStage&) = delete;
    RoutingStage& operator=(const RoutingStage&) = delete;

    // The next batch, or nullptr after timeout_ms without one. Give it back with recycle().
    Batch* next(int timeout_ms);
    void recycle(Batch* batch);
    // True once the thread stopped reading and every batch it read was taken.
    // next() and drained() rethrow what stopped the reading thread (input that cannot be read).
    bool drained();

private:
    void read(int input, size_t max_line, const Router& router, LineStore& lines);
    void rethrow_reading_error(); // with mutex_ held
    Batch* free_batch();          // emptied; nullptr once reading stops
    void hand_over(Batch* batch);

    static constexpr size_t batch_lines = 256, batches = 4;
    LineStore& lines_;
    const std::atomic<bool>& stop_;
    std::atomic<bool> quit_{false};
    std::vector<std::unique_ptr<Batch>> all_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch*> full_, free_;
    bool reading_ = true;
    std::exception_ptr error_;
    std::thread thread_;
};

} // namespace cdc::kafka
