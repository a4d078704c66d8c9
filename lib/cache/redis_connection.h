#pragma once
// A session with Redis (hiredis), authenticated and on the URL's database.
#include "config/endpoint.h"

#include <memory>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace cdc::cache {

// A reply, as its kind and its text, or its elements for arrays.
struct Reply {
    enum Kind { nil, text, integer, array, status, error } kind = nil;
    std::string str;
    long long number = 0;
    std::vector<Reply> elements;
};

class RedisConnection {
public:
    // Throws Failure naming the server (without password) and how to fix it.
    explicit RedisConnection(const Endpoint& endpoint);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Runs one command; arguments travel as binary-safe strings, never spliced into text.
    // Throws Failure when the connection breaks or Redis answers with an error.
    Reply command(const std::vector<std::string>& args);

private:
    redisContext* context_;
    Endpoint endpoint_;
};

} // namespace cdc::cache
