#include "server.h"

#include "api/apiserver.h"
#include "api/metricsgraphqlservice.h"
#include "kafka/kafkainput.h"
#include "kafka/kafkametrics.h"
#include "pipeline/printsink.h"
#include "storage/storageoutput.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <sys/signalfd.h>
#include <thread>
#include <unistd.h>

namespace pulse::server {

namespace {

void say(const std::string& line)
{
    if (!line.empty())
        std::fprintf(stderr, "pulseboard-server: %s\n", line.c_str());
}

/** SIGINT/SIGTERM arrive through a signalfd on the event loop, so shutdown runs on the main thread. */
int blockTerminationSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    // Blocked before any thread starts, so every thread inherits the mask.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/** The relay's extra properties with env:VAR and KEY.file=PATH resolved, as the consumers resolve theirs. */
std::variant<std::vector<KafkaProperty>, std::string> resolveRelayProperties(
    const std::vector<KafkaProperty>& properties)
{
    KafkaSourceConfig probe;
    probe.brokers = "127.0.0.1:9092";
    probe.topics = { "t" };
    const std::size_t fixed = consumerProperties(probe).properties.size();
    probe.properties = properties;
    KafkaPropertiesResult resolved = consumerProperties(probe);
    if (!resolved.error.empty())
        return resolved.error;
    // consumerProperties() lists the consumer's own settings first, then the extra ones in order.
    return std::vector<KafkaProperty>(
        resolved.properties.begin() + static_cast<std::ptrdiff_t>(fixed), resolved.properties.end());
}

/** Tells the operator on stderr when a Kafka source, the relay or the database changes state. */
class HealthLog {
public:
    void checkKafka(const KafkaInput& input)
    {
        const KafkaSourceStats s = input.stats();
        Seen& seen = m_kafka[&input];
        if (s.state != seen.state) {
            // "connecting" is where every source starts; only changes after that are news.
            if (s.state != KafkaState::Connecting || seen.isKnown)
                say(input.name() + ": " + std::string(kafkaStateName(s.state))
                    + (s.stateReason.empty() ? std::string() : " (" + s.stateReason + ")"));
            seen.state = s.state;
            seen.isKnown = true;
        }
        const std::uint64_t dead = input.deadLetters().total();
        if (dead != seen.deadLetters) {
            const auto entries = input.deadLetters().entries();
            std::string line
                = input.name() + ": " + std::to_string(dead - seen.deadLetters) + " message(s) dead-lettered";
            if (!entries.empty()) {
                const DeadLetter& d = entries.back();
                line += ", last " + d.topic + "/" + std::to_string(d.partition) + "@" + std::to_string(d.offset) + " "
                    + d.reason + " (" + std::to_string(d.sizeBytes) + " bytes)";
            }
            say(line);
            seen.deadLetters = dead;
        }
    }
    void checkRelay(const KafkaRelay& relay)
    {
        const KafkaRelayStats s = relay.stats();
        if (s.lastClientError != m_relayError && !s.lastClientError.empty())
            say(relay.name() + ": " + s.lastClientError);
        m_relayError = s.lastClientError;
    }
    void checkStorage(const StorageOutput& storage)
    {
        const PgWriterStats s = storage.stats();
        if (s.state == m_storageState)
            return;
        if (s.state == PgConnectionState::Connected)
            say("storage " + storage.displayUrl() + ": connected");
        else if (s.state == PgConnectionState::Disconnected && m_storageState == PgConnectionState::Connected)
            say("storage " + storage.displayUrl() + ": connection lost (" + pgErrorLine(s.lastError) + "); "
                + (storage.spoolPath().empty()
                        ? std::string("rows wait in memory, Kafka pauses when they fill the queue")
                        : "spooling to " + storage.spoolPath()));
        m_storageState = s.state;
    }

private:
    struct Seen {
        KafkaState state = KafkaState::Connecting;
        bool isKnown = false;
        std::uint64_t deadLetters = 0;
    };
    std::map<const KafkaInput*, Seen> m_kafka;
    std::string m_relayError;
    PgConnectionState m_storageState = PgConnectionState::Connecting;
};

std::string relaySummary(const KafkaRelay& relay)
{
    const KafkaRelayStats s = relay.stats();
    return relay.name() + ": " + std::to_string(s.produced) + " lines produced, " + std::to_string(s.delivered)
        + " delivered, " + std::to_string(s.failed) + " failed, " + std::to_string(s.queueFullDrops + s.produceErrors)
        + " dropped";
}

/**
 * The GraphQL schema the API serves, over the pipeline's in-memory store and its engine specs. The one place that
 * picks the implementation (a history-backed one can be swapped in here).
 */
std::shared_ptr<const api::GraphqlService> makeGraphqlService(const Pipeline& pipeline)
{
    return std::make_shared<api::MetricsGraphqlService>(pipeline.store(), pipeline.engineConfig().specs);
}

/** The first line of --token-file, without surrounding whitespace; nullopt with `error` set when unusable. */
std::optional<std::string> readTokenFile(const std::string& path, std::string& error)
{
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) {
        error = "--token-file " + path + ": cannot read the file";
        return std::nullopt;
    }
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    if (first == std::string::npos) {
        error = "--token-file " + path + ": the first line is empty";
        return std::nullopt;
    }
    return line.substr(first, last - first + 1);
}

/** The API server for --serve, attached to the pipeline and listening; nullptr with `error` set when it cannot. */
std::unique_ptr<api::ApiServer> startApiServer(const ApiOptions& options, Pipeline& pipeline, std::string& error)
{
    api::ApiServerConfig config;
    config.host = options.host;
    config.port = options.port;
    config.allowedOrigins = options.allowedOrigins;
    config.maxConnections = options.maxConnections;
    if (!options.tokenFile.empty()) {
        const auto token = readTokenFile(options.tokenFile, error);
        if (!token)
            return nullptr;
        config.token = *token;
    }
    auto server = std::make_unique<api::ApiServer>(std::move(config), makeGraphqlService(pipeline));
    // Listening before the pipeline starts: the series it announces from the first sample on reach the server.
    if (const auto failed = server->start()) {
        error = "--serve: " + *failed;
        return nullptr;
    }
    pipeline.addSink(&server->sink());
    return server;
}

} // namespace

int runServer(RunOptions options, int argc, char** argv)
{
    const int sigFd = blockTerminationSignals();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pulseboard-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSE_VERSION));

    // The relay's secrets are resolved up front so a missing one stops the start before anything runs.
    std::vector<KafkaProperty> relayProperties;
    if (options.relay) {
        auto resolved = resolveRelayProperties(options.relay->properties);
        if (auto* error = std::get_if<std::string>(&resolved)) {
            say("--kafka-produce: " + *error);
            return 1;
        }
        relayProperties = std::get<std::vector<KafkaProperty>>(std::move(resolved));
    }

    std::shared_ptr<KafkaStreamProgress> exactlyOnce;
    if (options.isKafkaExactlyOnce) {
        // One progress links the consumer, the aggregation thread's clock and the writer's checkpoints.
        exactlyOnce = std::make_shared<KafkaStreamProgress>();
        KafkaSourceConfig& kafka = options.kafka.front();
        kafka.exactlyOnce = exactlyOnce;
        kafka.maxPartitionSkewMs = std::max<std::int64_t>(options.pipeline.allowedLatenessMs / 2, 0);
        options.storage->exactlyOnce = exactlyOnce;
        options.storage->exactlyOnceGroup = kafka.group;
        options.pipeline.eventClock
            = [exactlyOnce](TimestampMs wallNowMs) { return exactlyOnce->eventClockMs(wallNowMs); };
    }

    std::unique_ptr<StorageOutput> storage;
    if (options.storage) {
        storage = std::make_unique<StorageOutput>(*options.storage);
        if (const auto error = storage->open()) {
            say(*error);
            return 1;
        }
        for (const std::string& note : storage->notes())
            say(note);
    }

    Pipeline pipeline(options.pipeline);
    std::unique_ptr<PrintSink> printer;
    if (options.isPrint) {
        printer = std::make_unique<PrintSink>(stdout, std::set<std::uint16_t> { pipeline.outputSpecIndex(0) });
        pipeline.addSink(printer.get());
    }
    std::vector<KafkaInput*> kafkaInputs;
    for (const KafkaSourceConfig& config : options.kafka) {
        pipeline.addSource([&](IngestQueue& queue, std::uint16_t sourceIndex, const Clock& clock) {
            auto input = std::make_unique<KafkaInput>(config, queue, sourceIndex, clock);
            kafkaInputs.push_back(input.get());
            return input;
        });
    }
    if (storage)
        storage->attach(pipeline);
    std::unique_ptr<api::ApiServer> apiServer;
    if (options.api) {
        std::string error;
        apiServer = startApiServer(*options.api, pipeline, error);
        if (!apiServer) {
            say(error);
            if (storage)
                storage->stop();
            return 1;
        }
    }

    std::unique_ptr<KafkaRelay> relay;
    std::unique_ptr<KafkaRelayMetrics> relayMetrics;
    pipeline.addSelfMetricsProvider([&](std::vector<PointSample>& out, TimestampMs nowMs) {
        if (relay)
            relayMetrics->add(relay->stats(), out, nowMs);
    });
    pipeline.setStartHook([&](RollingStore& store, SeriesRegistry& registry) -> std::optional<std::string> {
        // History first: the store only takes windows newer than what it holds.
        if (storage)
            say(storage->backfill(store, registry, options.pipeline.maxSeries));
        if (options.relay) {
            KafkaRelayConfig config = *options.relay;
            config.properties = relayProperties;
            // Lines without a source tag are keyed by the listener they came in on (with its bound port).
            for (const SourceInfo& s : pipeline.sources()) {
                if (config.fallbackKeys.size() <= s.index)
                    config.fallbackKeys.resize(s.index + 1u);
                config.fallbackKeys[s.index] = s.name;
            }
            auto made = std::make_unique<KafkaRelay>(std::move(config));
            if (auto error = made->start())
                return made->name() + ": " + *error;
            relayMetrics = std::make_unique<KafkaRelayMetrics>(made->name());
            relay = std::move(made);
            pipeline.setLineSink(relay.get());
        }
        return std::nullopt;
    });

    if (const auto error = pipeline.start()) {
        say(*error);
        if (relay)
            relay->stop();
        if (storage)
            storage->stop();
        return 1;
    }
    const auto ports = pipeline.udpPorts();
    for (std::size_t i = 0; i < ports.size(); ++i) {
        ListenAddress a = options.pipeline.udp[i];
        a.port = ports[i];
        say("listening on udp " + a.toString());
    }
    for (std::size_t i = 0; i < kafkaInputs.size(); ++i)
        say("consuming " + kafkaInputs[i]->name() + " as group " + options.kafka[i].group);
    if (relay)
        say("relaying accepted UDP lines to " + relay->name() + " (compression " + relay->compression() + ")");
    if (apiServer) {
        const std::string& host = apiServer->config().host;
        const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        say("serving the API on http://" + shown + ":" + std::to_string(apiServer->port())
            + (apiServer->config().token.empty() ? std::string() : std::string(" (bearer token required)")));
    }

    HealthLog health;
    QTimer healthTimer;
    QObject::connect(&healthTimer, &QTimer::timeout, &app, [&] {
        for (const KafkaInput* input : kafkaInputs)
            health.checkKafka(*input);
        if (relay)
            health.checkRelay(*relay);
        if (storage)
            health.checkStorage(*storage);
    });
    healthTimer.start(1000);

    QSocketNotifier notifier(sigFd, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        signalfd_siginfo info;
        while (::read(sigFd, &info, sizeof info) == sizeof info) { }
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    healthTimer.stop();
    if (storage && exactlyOnce)
        storage->beginClosing(); // windows still open are re-read from Kafka by the next start, not flushed half
    // Sources stop first, the last windows go to every sink, then the outputs drain in parallel (each bounded).
    pipeline.stop();
    if (apiServer)
        apiServer->stop();
    if (printer)
        printer->onStopped();
    std::thread relayStop;
    if (relay)
        relayStop = std::thread([&] { relay->stop(); });
    const std::string storageLine = storage ? storage->stop() : std::string();
    if (relayStop.joinable())
        relayStop.join();
    if (relay)
        say(relaySummary(*relay));
    say(storageLine);
    ::close(sigFd);
    return 0;
}

} // namespace pulse::server
