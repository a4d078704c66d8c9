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
    // Small pieces are gathered into chunks; from a large one (a transaction's lines) whole
    // lines go out as they are, without a copy.
    bool large = lines.size() >= std::min(chunk_ / 2, size_t(1) << 16);
    if (large || buffer_.size() + lines.size() > chunk_) {
        // A piece can end inside a line (a spilled transaction is read back in blocks): what the
        // buffer holds of it is finished from this piece first.
        if (!buffer_.empty() && buffer_.back() != '\n') {
            size_t end = lines.find('\n');
            size_t rest = end == std::string_view::npos ? lines.size() : end + 1;
            buffer_ += lines.substr(0, rest);
            lines.remove_prefix(rest);
        }
        flush();
        if (large) {
            size_t whole = lines.rfind('\n') + 1; // 0 with no newline
            write_lines(lines.substr(0, whole));
            lines.remove_prefix(whole);
        }
    }
    buffer_ += lines; // with an unfinished last line, which waits for the rest
}

void FileOutput::write_lines(std::string_view lines) {
    while (!lines.empty()) {
        size_t end = lines.size() <= chunk_ ? lines.size() - 1 : lines.substr(0, chunk_).rfind('\n');
        if (end == std::string_view::npos) end = lines.find('\n'); // a line longer than a chunk goes alone
        write_all(lines.substr(0, end + 1));
        lines.remove_prefix(end + 1);
    }
}

void FileOutput::flush() {
    size_t whole = buffer_.rfind('\n') + 1; // an unfinished line is never written alone
    try {
        write_lines(std::string_view(buffer_).substr(0, whole));
    } catch (const Failure&) {
        buffer_.clear(); // a failed output is not written again (by the destructor)
        throw;
    }
    buffer_.erase(0, whole);
    if (buffer_.capacity() > 4 * chunk_ && buffer_.size() <= chunk_) { // a very long line is out: so is its memory
        buffer_.shrink_to_fit();
        buffer_.reserve(chunk_);
    }
}

} // namespace cdc::events
