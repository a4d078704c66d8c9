#include "harness/servers.h"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace harness {
namespace {

std::string first_line(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::string line;
    std::getline(in, line);
    return line;
}

Servers load() {
    Servers s;
    std::ifstream in(CDC_SERVERS_ENV);
    if (!in)
        throw std::runtime_error(std::string("no servers: ") + CDC_SERVERS_ENV +
                                 " is missing (run the tests with ctest, which starts them)");
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("export ")) continue;
        auto eq = line.find('=');
        s.env[line.substr(7, eq - 7)] = line.substr(eq + 1);
    }
    auto endpoint = [&s](const std::string& name) {
        auto e = cdc::Endpoint::parse(s.env.at(name));
        e.password = first_line(s.env.at(name + "_PASSWORD_FILE"));
        return e;
    };
    s.source = endpoint("CDC_SOURCE");
    s.source_admin = endpoint("CDC_SOURCE_ADMIN");
    s.sink = endpoint("CDC_SINK");
    s.sink_reader = endpoint("CDC_SINK_READER");
    s.sink_admin = endpoint("CDC_SINK_ADMIN");
    s.redis = cdc::Endpoint::parse(s.env.at("CDC_REDIS"));
    s.brokers = s.env.at("CDC_BROKERS");
    s.home = s.env.at("CDC_HOME");
    return s;
}

std::string percent_encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

} // namespace

const Servers& servers() {
    static const Servers loaded = load();
    return loaded;
}

std::string url_with_password(const cdc::Endpoint& e) {
    auto url = e.redacted();
    if (e.user.empty()) return url;
    auto at = url.find('@');
    return url.substr(0, at) + ":" + percent_encode(e.password) + url.substr(at);
}

std::string output_dir() {
    std::filesystem::create_directories(CDC_TEST_OUTPUT);
    return CDC_TEST_OUTPUT;
}

Result run_cdc(const std::vector<std::string>& args, const std::string& input,
               const std::vector<std::string>& env) {
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "CDC_", 4) != 0) environment.emplace_back(*e);
    environment.insert(environment.end(), env.begin(), env.end());

    std::array<int, 2> in{}, out{}, err{};
    if (pipe(in.data()) || pipe(out.data()) || pipe(err.data())) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
        std::vector<char*> argv{const_cast<char*>(CDC_BINARY)};
        for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
        execve(CDC_BINARY, argv.data(), envp.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);

    Result result;
    size_t written = 0;
    if (input.empty()) close(in[1]);
    bool stdin_open = !input.empty(), out_open = true, err_open = true;
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (stdin_open) fds.push_back({in[1], POLLOUT, 0});
        if (out_open) fds.push_back({out[0], POLLIN, 0});
        if (err_open) fds.push_back({err[0], POLLIN, 0});
        if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
        for (auto& p : fds) {
            if (!p.revents) continue;
            if (p.fd == in[1]) {
                ssize_t n = write(in[1], input.data() + written, input.size() - written);
                if (n > 0) written += static_cast<size_t>(n);
                if (n < 0 || written == input.size()) {
                    close(in[1]);
                    stdin_open = false;
                }
                continue;
            }
            char buf[65536];
            ssize_t n = read(p.fd, buf, sizeof buf);
            std::string& sink = p.fd == out[0] ? result.out : result.err;
            if (n > 0) {
                sink.append(buf, static_cast<size_t>(n));
            } else {
                close(p.fd);
                (p.fd == out[0] ? out_open : err_open) = false;
            }
        }
    }
    if (stdin_open) close(in[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace harness
