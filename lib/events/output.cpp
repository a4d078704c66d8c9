#include "events/output.h"

#include "config/failure.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace cdc::events {

FileOutput::FileOutput(int fd) : fd_(fd) {
    struct stat st {};
    bool pipe = fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode);
    chunk_ = pipe ? PIPE_BUF : size_t(1) << 20;
    buffer_.reserve(chunk_);
}

FileOutput::~FileOutput() {
    try {
        flush();
    } catch (const Failure&) { // already reported by the flush that failed, or nobody reads any more
    }
}

void FileOutput::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Failure(std::string("cannot write the output: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<size_t>(n));
    }
}

void FileOutput::write(std::string_view lines) {
    // Small pieces are gathered into chunks; a large one (a transaction's lines) goes out as it
    // is, without a copy, in writes of whole lines of at most a chunk each.
    if (lines.size() < std::min(chunk_ / 2, size_t(1) << 16)) {
        if (buffer_.size() + lines.size() > chunk_) flush();
        buffer_ += lines;
        return;
    }
    flush();
    while (!lines.empty()) {
        size_t end = lines.size() <= chunk_ ? lines.size() - 1 : lines.substr(0, chunk_).rfind('\n');
        if (end == std::string_view::npos) end = std::min(lines.find('\n'), lines.size() - 1); // a line over a chunk
        write_all(lines.substr(0, end + 1));
        lines.remove_prefix(end + 1);
    }
}

void FileOutput::flush() {
    if (buffer_.empty()) return;
    try {
        write_all(buffer_);
    } catch (const Failure&) {
        buffer_.clear(); // a failed output is not written again (by the destructor)
        throw;
    }
    buffer_.clear();
}

} // namespace cdc::events
