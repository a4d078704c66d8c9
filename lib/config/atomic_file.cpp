#include "config/atomic_file.h"

#include "config/failure.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace cdc {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw Failure("cannot " + what + " " + path + ": " + std::strerror(errno));
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    std::string temporary = path + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("create", temporary);
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            fail("write", temporary);
        }
        written += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        fail("sync", temporary);
    }
    ::close(fd);
    if (::rename(temporary.c_str(), path.c_str()) != 0) fail("replace", path);
    auto folder = std::filesystem::path(path).parent_path();
    int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

} // namespace cdc
