#pragma once
// What integration tests (*_itest.cpp) use: the servers that tests/harness/servers started
// for this run on free ports, and a way to run the cdc binary as a user would.
#include "config/endpoint.h"

#include <map>
#include <string>
#include <vector>

namespace harness {

// The servers of this run, read from the env file that scripts/infra wrote. Endpoints carry
// their passwords. Each test that changes data uses its own rows, tables or topics, or
// resets what it uses first.
struct Servers {
    cdc::Endpoint source;       // replication user cdc on ecommerce_db
    cdc::Endpoint source_admin; // all privileges: for tests that create tables or flush logs
    cdc::Endpoint sink;         // writer user cdc_writer on analytics_db
    cdc::Endpoint sink_reader;  // read-only user cdc_reader on analytics_db
    cdc::Endpoint sink_admin;
    cdc::Endpoint redis;
    std::string brokers;                    // host:port of the Kafka broker
    std::string home;                       // the state folder (logs, data) of this run
    std::map<std::string, std::string> env; // every variable of the env file
};

const Servers& servers();

// The URL of an endpoint with its password, for a --source/--sink/--redis option.
std::string url_with_password(const cdc::Endpoint& endpoint);

struct Result {
    int status = -1; // exit code, or 128 + signal
    std::string out;
    std::string err;
};

// Runs the cdc binary under test with args, feeding it `input` on stdin. The environment is
// this process's plus `env` (VAR=value), without inheriting the servers' CDC_* variables.
Result run_cdc(const std::vector<std::string>& args, const std::string& input = "",
               const std::vector<std::string>& env = {});

// Where a test saves what a person may want to look at (screenshots, outputs).
std::string output_dir();

// The whole content of a file (empty when there is none).
std::string slurp(const std::string& path);

} // namespace harness

namespace harness {

// Files in place of a child's stdin or stdout (a FIFO joins two children into a pipeline).
struct Redirect {
    std::string input;   // empty: a pipe that write() feeds
    std::string output;  // empty: a file under output_dir() that wait() reads back
    bool append = false; // open `output` for appending, as the shell's >> does
};

// A cdc process running in the background, for tests of signals and of servers going away.
class Child {
public:
    Child(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
          const Redirect& redirect = {});
    ~Child();                            // kills it if still running
    void write(const std::string& text); // to its stdin
    void close_stdin();
    void signal(int number);
    Result wait(); // its exit status and everything it printed
    int pid() const { return pid_; }

private:
    int pid_ = -1;
    int stdin_ = -1;
    std::string out_path_, err_path_;
    bool redirect_output_ = false;
};

// A local TCP port nobody listens on, for tests of a server that is down.
int closed_port();

// Runs a shell command, returns its exit status and stdout.
Result shell(const std::string& command);

} // namespace harness
