// pulseboard-server: the headless pipeline (ingest → aggregate → store), and the `parse` tool.

#include "parsecommand.h"
#include "pipeline/printsink.h"
#include "serveroptions.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/signalfd.h>
#include <unistd.h>

using namespace pulse;
using namespace pulse::server;

namespace {

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

int runServer(RunOptions options, int argc, char** argv)
{
    const int sigFd = blockTerminationSignals();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pulseboard-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PULSE_VERSION));

    Pipeline pipeline(options.pipeline);
    std::unique_ptr<PrintSink> printer;
    if (options.isPrint) {
        printer = std::make_unique<PrintSink>(stdout, std::set<std::uint16_t> { pipeline.outputSpecIndex(0) });
        pipeline.addSink(printer.get());
    }
    if (const auto error = pipeline.start()) {
        std::fprintf(stderr, "pulseboard-server: %s\n", error->c_str());
        return 1;
    }
    const auto ports = pipeline.udpPorts();
    for (std::size_t i = 0; i < ports.size(); ++i) {
        ListenAddress a = options.pipeline.udp[i];
        a.port = ports[i];
        std::fprintf(stderr, "pulseboard-server: listening on udp %s\n", a.toString().c_str());
    }

    QSocketNotifier notifier(sigFd, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        signalfd_siginfo info;
        while (::read(sigFd, &info, sizeof info) == sizeof info) { }
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    pipeline.stop();
    if (printer)
        printer->onStopped();
    ::close(sigFd);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    ParsedCommand command = parseCommandLine(args);
    if (auto* error = std::get_if<UsageError>(&command)) {
        std::fprintf(stderr, "pulseboard-server: %s\n", error->message.c_str());
        return 2;
    }
    if (std::holds_alternative<HelpRequest>(command)) {
        std::fputs(helpText().c_str(), stdout);
        return 0;
    }
    if (std::holds_alternative<VersionRequest>(command)) {
        std::printf("pulseboard-server %s\n", PULSE_VERSION);
        return 0;
    }
    if (auto* parse = std::get_if<ParseOptions>(&command))
        return runParse(*parse, stdin, stdout);
    return runServer(std::get<RunOptions>(std::move(command)), argc, argv);
}
