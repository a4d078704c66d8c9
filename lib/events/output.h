#pragma once
// Where JSON lines go: stdout for capture, a string in tests.
#include <cstdio>
#include <string>
#include <string_view>

namespace cdc::events {

struct Output {
    virtual ~Output() = default;
    virtual void write(std::string_view lines) = 0;
    virtual void flush() = 0;
};

// A FILE* with a large buffer; a write error (a closed pipe, a full disk) throws cdc::Failure.
class FileOutput : public Output {
public:
    explicit FileOutput(std::FILE* file);
    void write(std::string_view lines) override;
    void flush() override;

private:
    std::FILE* file_;
};

struct StringOutput : Output {
    void write(std::string_view lines) override { text += lines; }
    void flush() override {}
    std::string text;
};

} // namespace cdc::events
