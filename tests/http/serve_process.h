#pragma once
// `cdc serve` as a child process on a free port, for tests over real HTTP. Always stopped:
// the destructor sends SIGTERM and waits.
#include "harness/servers.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <iterator>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace serve_test {

class ServeProcess {
public:
    // Runs `cdc serve --http-port 0 --sink <sink_url> args...` and waits until it listens.
    ServeProcess(const std::string& sink_url, const std::vector<std::string>& args = {});
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // SIGTERM, then the exit status (128 + signal when killed).
    int stop();
    // What it logged so far.
    std::string log() const;

private:
    int pid_ = -1;
    int port_ = 0;
    std::string log_path_;
};

// The sink URL of the read-only user, with its password.
inline std::string reader_url() { return harness::url_with_password(harness::servers().sink_reader); }

inline ServeProcess::ServeProcess(const std::string& sink_url, const std::vector<std::string>& args) {
    static int started = 0;
    log_path_ = harness::output_dir() + "/serve-" + std::to_string(getpid()) + "-" + std::to_string(++started) + ".log";
    std::vector<std::string> all{CDC_BINARY, "serve", "--http-port", "0", "--sink", sink_url, "--log-level", "debug"};
    all.insert(all.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        dup2(fd, 1);
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(CDC_BINARY, argv.data());
        _exit(127);
    }
    // The first log line names the port it listens on.
    const std::string marker = "serving http://127.0.0.1:";
    for (int tries = 0; tries < 300; ++tries) {
        const std::string text = log();
        if (auto at = text.find(marker); at != std::string::npos) {
            port_ = std::stoi(text.substr(at + marker.size()));
            return;
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("cdc serve exited before listening: " + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop();
    throw std::runtime_error("cdc serve did not start listening: " + log());
}

inline ServeProcess::~ServeProcess() { stop(); }

inline int ServeProcess::stop() {
    if (pid_ < 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int tries = 0; tries < 200 && waitpid(pid_, &status, WNOHANG) == 0; ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (waitpid(pid_, &status, WNOHANG) == 0) { // hung: not graceful
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

inline std::string ServeProcess::log() const { return harness::slurp(log_path_); }

} // namespace serve_test
