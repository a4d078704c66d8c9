// cdc inspect: looks inside the pipeline's servers and streams.
#include "cache/redis_connection.h"
#include "config/failure.h"
#include "inspect/cache_view.h"
#include "inspect/event_stream.h"
#include "inspect/sink_view.h"
#include "inspect/source_view.h"
#include "inspect/topics_view.h"
#include "kafka/cluster.h"
#include "subcommands.h"

#include <cstdio>
#include <iostream>

namespace {

struct Options {
    bool json = false;
    std::vector<std::string> checkpoints;
    std::string pattern = "*";
    size_t limit = 100;
    int rows = 50;
    std::string topic;
    bool from_beginning = false;
    bool until_end = false;
    std::string filter;
};

void print(const cdc::inspect::Report& report, bool json) {
    std::string text = json ? report.document.dump(2) + "\n" : cdc::inspect::render(report);
    std::fwrite(text.data(), 1, text.size(), stdout);
}

} // namespace

Run inspect_command(CLI::App& sub, cdc::SharedOptions& shared) {
    auto o = std::make_shared<Options>();
    cdc::add_shared_options(sub, shared,
                            cdc::servers::source | cdc::servers::sink | cdc::servers::redis | cdc::servers::brokers);
    sub.require_subcommand(1);
    auto view = [&sub, o](const char* name, const char* what) {
        CLI::App* v = sub.add_subcommand(name, what);
        v->fallthrough(); // the shared options may follow the view's name
        v->add_flag("--json", o->json, "print JSON for scripts instead of tables");
        return v;
    };
    view("source", "binlog settings, the server's position, and how far behind each capture checkpoint is")
        ->add_option("--checkpoint", o->checkpoints, "a checkpoint file (repeatable; default $CDC_HOME/checkpoints/*)");
    view("topics", "topics, partitions, high watermarks, consumer groups and their lag");
    auto* cache = view("cache", "Redis keys used by the pipeline, with values and TTLs");
    cache->add_option("pattern", o->pattern, "keys to show, as a Redis MATCH pattern")->capture_default_str();
    cache->add_option("--limit", o->limit, "show at most this many keys")->capture_default_str();
    view("sink", "summary rows per window and merchant, and the offsets the pipeline stored")
        ->add_option("--limit", o->rows, "show the newest N (window, merchant) pairs")
        ->capture_default_str();
    auto* events = view("events", "pretty-print or filter change events from stdin or a topic, like kcat -C");
    events->add_option("--topic", o->topic, "read this topic instead of stdin");
    events->add_flag("--from-beginning", o->from_beginning, "read the topic from its first message");
    events->add_flag("--until-end", o->until_end, "stop once every partition is read to its end");
    events->add_option("--filter", o->filter, "keep events matching all of db=,table=,op= (e.g. table=orders,op=u)");
    for (CLI::App* v : sub.get_subcommands({})) cdc::bind_environment(*v);

    return [o, &sub, &shared] {
        using namespace cdc::inspect;
        if (sub.got_subcommand("source")) {
            cdc::mysql::Connection source(shared.source_endpoint(), "source");
            print(source_view(source, checkpoint_files(o->checkpoints)), o->json);
        } else if (sub.got_subcommand("topics")) {
            print(topics_view(cdc::kafka::describe_cluster(shared.brokers, 10000)), o->json);
        } else if (sub.got_subcommand("cache")) {
            cdc::cache::RedisConnection redis(shared.redis_endpoint());
            print(cache_view(redis, o->pattern, o->limit), o->json);
        } else if (sub.got_subcommand("sink")) {
            cdc::mysql::Connection sink(shared.sink_endpoint(), "sink");
            print(sink_view(sink, o->rows), o->json);
        } else {
            show_events(std::cin, shared.brokers, {o->topic, o->from_beginning, o->until_end},
                        EventFilter::parse(o->filter), o->json, stdout);
        }
    };
}
