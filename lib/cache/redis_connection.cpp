#include "cache/redis_connection.h"

#include "config/failure.h"

#include <charconv>
#include <hiredis.h>

namespace cdc::cache {
namespace {

Reply convert(const redisReply* r) {
    Reply out;
    switch (r->type) {
    case REDIS_REPLY_STRING: out.kind = Reply::text; break;
    case REDIS_REPLY_STATUS: out.kind = Reply::status; break;
    case REDIS_REPLY_ERROR: out.kind = Reply::error; break;
    case REDIS_REPLY_INTEGER: out.kind = Reply::integer; break;
    case REDIS_REPLY_ARRAY: out.kind = Reply::array; break;
    default: out.kind = Reply::nil;
    }
    if (r->str) out.str.assign(r->str, r->len);
    out.number = r->integer;
    for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert(r->element[i]));
    return out;
}

} // namespace

RedisConnection::RedisConnection(const Endpoint& endpoint) : context_(nullptr), endpoint_(endpoint) {
    timeval timeout{5, 0};
    context_ = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, timeout);
    if (!context_ || context_->err) {
        std::string reason = context_ ? context_->errstr : "out of memory";
        if (context_) redisFree(context_);
        throw Failure("cannot connect to " + endpoint.redacted() + ": " + reason + not_running_hint("Redis"));
    }
    redisSetTimeout(context_, timeout);
    if (!endpoint.password.empty()) {
        std::vector<std::string> auth{"AUTH"};
        if (!endpoint.user.empty()) auth.push_back(endpoint.user);
        auth.push_back(endpoint.password);
        command(auth);
    }
    int db = 0;
    if (!endpoint.database.empty()) {
        auto [end, ec] =
            std::from_chars(endpoint.database.data(), endpoint.database.data() + endpoint.database.size(), db);
        if (ec != std::errc() || end != endpoint.database.data() + endpoint.database.size())
            throw UsageError("the database of " + endpoint.redacted() + " must be a number");
    }
    if (db != 0) command({"SELECT", std::to_string(db)});
}

RedisConnection::~RedisConnection() { redisFree(context_); }

Reply RedisConnection::command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(args.size()), argv.data(), lengths.data()));
    if (!raw) throw Failure("lost the connection to " + endpoint_.redacted() + ": " + context_->errstr);
    Reply reply = convert(raw);
    freeReplyObject(raw);
    if (reply.kind == Reply::error) {
        std::string hint = reply.str.rfind("NOAUTH", 0) == 0 || reply.str.rfind("WRONGPASS", 0) == 0
                               ? " (set the password: CDC_REDIS_PASSWORD or --redis-password-file)"
                               : "";
        throw Failure(endpoint_.redacted() + " answered " + args[0] + " with: " + reply.str + hint);
    }
    return reply;
}

} // namespace cdc::cache
