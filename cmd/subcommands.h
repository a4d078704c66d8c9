#pragma once
// The subcommands of cdc. Each built one adds its options to `sub` and returns what runs it;
// main.cpp lists them all, built or not.
#include "config/options.h"

#include <CLI/CLI.hpp>
#include <functional>

using Run = std::function<void()>;
using Setup = Run (*)(CLI::App& sub, cdc::SharedOptions& shared);
Run capture_command(CLI::App& sub, cdc::SharedOptions& shared);
Run publish_command(CLI::App& sub, cdc::SharedOptions& shared);
Run inspect_command(CLI::App& sub, cdc::SharedOptions& shared);
Run serve_command(CLI::App& sub, cdc::SharedOptions& shared);
