#include "io/line_reader.h"

#include "config/failure.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace cdc::io {

LineReader::Status LineReader::next(std::string_view& line, int timeout_ms) {
    for (;;) {
        auto newline = buffer_.find('\n', start_);
        size_t end = newline == std::string::npos ? buffer_.size() : newline;
        if (!skipping_ && end - start_ > max_line_) skipping_ = true;
        if (skipping_ && (newline != std::string::npos || ended_)) {
            line = std::string_view(buffer_).substr(start_, end - start_);
            if (line.size() > kept_end) line.remove_prefix(line.size() - kept_end);
            start_ = newline == std::string::npos ? buffer_.size() : newline + 1;
            skipping_ = false;
            return Status::too_long;
        }
        if (skipping_) {
            if (end - start_ > kept_end) start_ = end - kept_end; // what is read past goes
        } else if (newline != std::string::npos) {
            line = std::string_view(buffer_).substr(start_, newline - start_);
            start_ = newline + 1;
            return Status::line;
        }
        if (ended_) {
            if (start_ >= buffer_.size()) return Status::end;
            line = std::string_view(buffer_).substr(start_);
            start_ = buffer_.size();
            return Status::line;
        }
        // Keep only the unfinished line before reading more.
        buffer_.erase(0, start_);
        start_ = 0;
        pollfd p{fd_, POLLIN, 0};
        int ready = ::poll(&p, 1, timeout_ms);
        if (ready < 0 && errno == EINTR) return Status::interrupted;
        if (ready < 0) throw Failure(std::string("cannot wait for input: ") + std::strerror(errno));
        if (ready == 0) return Status::idle;
        size_t old = buffer_.size();
        buffer_.resize(old + 65536);
        ssize_t n = ::read(fd_, buffer_.data() + old, 65536);
        buffer_.resize(old + static_cast<size_t>(n > 0 ? n : 0));
        if (n < 0 && errno == EINTR) return Status::interrupted;
        if (n < 0) throw Failure(std::string("cannot read input: ") + std::strerror(errno));
        if (n == 0) ended_ = true;
    }
}

} // namespace cdc::io
