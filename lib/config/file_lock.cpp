#include "config/file_lock.h"

#include "config/failure.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace cdc {

FileLock::FileLock(const std::string& path, const std::string& user) {
    if (path.empty()) return;
    std::string lock = path + ".lock";
    fd_ = open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Failure("cannot open " + lock + ": " + std::strerror(errno));
    if (flock(fd_, LOCK_EX | LOCK_NB) == 0) return; // released by the kernel when the process ends
    int error = errno;
    close(fd_);
    if (error == EWOULDBLOCK)
        throw Failure("another " + user + " uses the checkpoint " + path + " (it holds " + lock +
                      "): give each its own checkpoint");
    throw Failure("cannot lock " + lock + ": " + std::strerror(error));
}

FileLock::~FileLock() {
    if (fd_ >= 0) close(fd_);
}

} // namespace cdc
