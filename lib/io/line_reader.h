#pragma once
// Lines from a file descriptor (a pipe, usually), with a timeout, so that a daemon fed by a
// pipe keeps doing its background work while its input is idle.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace cdc::io {

class LineReader {
public:
    // A line longer than max_line is not held in memory: it is read past and reported with its
    // last bytes, at most `kept_end` (where a change line has its source block, and so the
    // row's place in the binlog).
    static constexpr size_t kept_end = 64 * 1024;
    explicit LineReader(int fd, size_t max_line = std::numeric_limits<size_t>::max()) : fd_(fd), max_line_(max_line) {}

    enum class Status { line, too_long, idle, end, interrupted };

    // The next line without its '\n' in `line` (valid until the next call): Status::line.
    // Status::too_long, once read past, for a line longer than max_line (`line` holds its last
    // kept_end bytes, or fewer),
    // Status::idle after timeout_ms without a whole line, Status::interrupted when a signal
    // arrived, Status::end at the end of input (a last line without '\n' still comes first).
    Status next(std::string_view& line, int timeout_ms);

private:
    int fd_;
    size_t max_line_;
    std::string buffer_;
    size_t start_ = 0; // where the next line begins in buffer_
    bool ended_ = false;
    bool skipping_ = false; // in a line known to be too long: only its end is kept
};

} // namespace cdc::io
