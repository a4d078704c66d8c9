// One process at a time per checkpoint.
#include "config/failure.h"
#include "config/file_lock.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <unistd.h>

TEST_CASE("a checkpoint is locked while one process uses it, and free after", "[config]") {
    std::string path =
        (std::filesystem::temp_directory_path() / ("cdc-lock-" + std::to_string(getpid()) + ".json")).string();
    {
        cdc::FileLock first(path, "capture");
        // flock locks belong to an open file, so a second one conflicts even in this process.
        CHECK_THROWS_WITH(cdc::FileLock(path, "capture"), "another capture uses the checkpoint " + path +
                                                              " (it holds " + path +
                                                              ".lock): give each its own checkpoint");
        cdc::FileLock none("", "capture"); // no checkpoint: nothing to lock
    }
    CHECK_NOTHROW(cdc::FileLock(path, "publish"));
    std::filesystem::remove(path + ".lock");
}
