#include "harness/servers.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
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

namespace {

std::vector<std::string> child_environment(const std::vector<std::string>& env) {
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "CDC_", 4) != 0) environment.emplace_back(*e);
    environment.insert(environment.end(), env.begin(), env.end());
    return environment;
}

[[noreturn]] void exec_cdc(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
    std::vector<char*> argv{const_cast<char*>(CDC_BINARY)};
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    execve(CDC_BINARY, argv.data(), envp.data());
    _exit(127);
}

int exit_status(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

Result run_cdc(const std::vector<std::string>& args, const std::string& input, const std::vector<std::string>& env) {
    auto environment = child_environment(env);

    std::array<int, 2> in{}, out{}, err{};
    if (pipe(in.data()) || pipe(out.data()) || pipe(err.data())) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
        exec_cdc(args, environment);
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
    result.status = exit_status(pid);
    return result;
}

Child::Child(const std::vector<std::string>& args, const std::vector<std::string>& env, const Redirect& redirect) {
    static int count = 0;
    auto base = output_dir() + "/child-" + std::to_string(getpid()) + "-" + std::to_string(++count);
    out_path_ = redirect.output.empty() ? base + ".out" : redirect.output;
    err_path_ = base + ".err";
    auto environment = child_environment(env);
    int in[2];
    if (pipe(in)) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int input = redirect.input.empty() ? in[0] : open(redirect.input.c_str(), O_RDONLY);
        dup2(input, 0);
        close(in[0]);
        close(in[1]);
        int out =
            open(out_path_.c_str(),
                 O_WRONLY | O_CREAT | (redirect.output.empty() ? O_TRUNC : 0) | (redirect.append ? O_APPEND : 0), 0644);
        int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        exec_cdc(args, environment);
    }
    close(in[0]);
    stdin_ = in[1];
    redirect_output_ = !redirect.output.empty();
}

Child::~Child() {
    close_stdin();
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void Child::write(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error("cannot write to the child's stdin");
        done += static_cast<size_t>(n);
    }
}

void Child::close_stdin() {
    if (stdin_ >= 0) close(stdin_);
    stdin_ = -1;
}

void Child::signal(int number) { kill(pid_, number); }

Result Child::wait() {
    close_stdin();
    Result result;
    result.status = exit_status(pid_);
    pid_ = -1;
    if (!redirect_output_) result.out = slurp(out_path_);
    result.err = slurp(err_path_);
    return result;
}

int closed_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("cannot find a free port");
    close(fd); // bound but never listening, and now released
    return ntohs(address.sin_port);
}

Result shell(const std::string& command) {
    Result result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    char buf[65536];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) result.out.append(buf, n);
    int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace harness
