// kafka-ledger-consumer: a KafkaSource and a stand-in aggregation thread in a process of its own, for the crash test
// (tst_kafkacrash kills it with SIGKILL). Every `seq:N|c` payload the "aggregation thread" takes is printed as "N"
// on stdout — flushed before the batch is acknowledged, i.e. before its offsets may be stored and committed — so
// whatever a crash loses must be read again by the next member of the group.
//
// Usage: kafka-ledger-consumer BOOTSTRAP TOPIC GROUP [BATCH_COST_MS]

#include "kafka/kafkasource.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace pulse;

namespace {

volatile std::sig_atomic_t g_isStopping = 0;

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: kafka-ledger-consumer BOOTSTRAP TOPIC GROUP [BATCH_COST_MS]\n");
        return 2;
    }
    const int batchCostMs = argc > 4 ? std::atoi(argv[4]) : 0;
    std::signal(SIGTERM, [](int) { g_isStopping = 1; });
    KafkaSourceConfig config;
    config.brokers = argv[1];
    config.topics = { argv[2] };
    config.group = argv[3];
    config.isFromEarliest = true;
    config.properties = { { "session.timeout.ms", "6000" }, { "heartbeat.interval.ms", "500" } };
    IngestQueue queue(4);
    KafkaSource source(config, 1, queue);
    if (const auto error = source.start()) {
        std::fprintf(stderr, "kafka source: %s\n", error->c_str());
        return 1;
    }
    std::vector<IngestBatchPtr> batches;
    std::string out;
    while (!g_isStopping) {
        queue.popAll(batches, std::chrono::milliseconds(20));
        for (IngestBatchPtr& b : batches) {
            out.clear();
            for (const PayloadSlice& s : b->payloads) {
                const std::string_view p(b->bytes.data() + s.offset, s.size);
                if (p.starts_with("seq:"))
                    out.append(p.substr(4, p.find_first_not_of("0123456789", 4) - 4)).push_back('\n');
            }
            std::fwrite(out.data(), 1, out.size(), stdout);
            std::fflush(stdout);
            if (b->onIngested)
                b->onIngested();
            queue.recycle(std::move(b));
            if (batchCostMs > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(batchCostMs));
        }
        batches.clear();
    }
    source.stop();
    return 0;
}
