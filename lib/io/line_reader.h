#pragma once
// Lines from a file descriptor (a pipe, usually), with a timeout, so that a daemon fed by a
// pipe keeps doing its background work while its input is idle.
#include <optional>
#include <string>
#include <string_view>

namespace cdc::io {

class LineReader {
public:
    explicit LineReader(int fd) : fd_(fd) {}

    enum class Status { line, idle, end, interrupted };

    // The next line without its '\n' in `line` (valid until the next call): Status::line.
    // Status::idle after timeout_ms without a whole line, Status::interrupted when a signal
    // arrived, Status::end at the end of input (a last line without '\n' still comes first).
    Status next(std::string_view& line, int timeout_ms);

private:
    int fd_;
    std::string buffer_;
    size_t start_ = 0; // where the next line begins in buffer_
    bool ended_ = false;
};

} // namespace cdc::io
