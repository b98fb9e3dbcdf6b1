// Start to first frame: the real `pulseboard` process under X11 (Xvfb, xcb), timed from exec to the moment its
// screenshot of the first rendered frame is on disk (`pulseboard LAYOUT --screenshot PNG --after 0`), and to its
// exit. Layouts: the 16 time-series panels (no sources, so the panels show NO DATA) and the shipped
// default dashboard (UDP on a free loopback port, this machine's collector).
//
// What "screenshot written" includes: exec and dynamic linking, QApplication and the X connection, fonts,
// translations, reading and validating the layout, building the window and its panels, starting the pipeline,
// the first render tick, painting the whole window into an image (QWidget::grab), PNG encoding and the write.
// It does not include the X server compositing the window. Nothing is asserted.
//
//   bench_desktopstart   PULSE_BENCH_REPS runs per case (default 7) after one unmeasured warm-up run
#include "desktopbench.h"

#include "layout/layoutwriter.h"

#include <QDir>
#include <QTemporaryDir>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

using namespace pulse;
using namespace pulse::bench;

namespace {

struct Timing {
    double firstFrameMs = -1; ///< exec → screenshot file closed; -1 when none was written
    double exitMs = 0; ///< exec → process reaped
    int exitCode = -1;
};

std::string binDir(const char* argv0)
{
    if (const char* dir = std::getenv("PULSE_BIN_DIR"); dir && *dir)
        return dir;
    char path[PATH_MAX] = {};
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    std::string self = n > 0 ? std::string(path, std::size_t(n)) : std::string(argv0);
    return self.substr(0, self.find_last_of('/'));
}

/** Runs `argv` and times it; when `screenshot` is set, also when that file (in `watchDir`) is closed after writing. */
Timing timeProcess(const std::vector<std::string>& args, const std::string& watchDir, const std::string& screenshot)
{
    Timing timing;
    const int inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify < 0 || inotify_add_watch(inotify, watchDir.c_str(), IN_CLOSE_WRITE) < 0) {
        std::perror("inotify");
        return timing;
    }
    std::vector<char*> argv;
    for (const std::string& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);

    const std::int64_t startNs = monotonicNs();
    pid_t pid = 0;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        std::perror("posix_spawn");
        close(inotify);
        return timing;
    }
    bool isExited = false;
    int status = 0;
    while (!isExited) {
        pollfd fd { inotify, POLLIN, 0 };
        poll(&fd, 1, 2);
        alignas(inotify_event) char buffer[4096];
        for (ssize_t n; (n = read(inotify, buffer, sizeof buffer)) > 0;) {
            for (char* p = buffer; p < buffer + n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(p);
                if (event->len > 0 && screenshot == event->name && timing.firstFrameMs < 0)
                    timing.firstFrameMs = double(monotonicNs() - startNs) / 1e6;
                p += sizeof(inotify_event) + event->len;
            }
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            timing.exitMs = double(monotonicNs() - startNs) / 1e6;
            isExited = true;
        }
    }
    close(inotify);
    timing.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return timing;
}

void report(const char* name, const std::vector<Timing>& runs, bool hasFrame)
{
    std::vector<double> frame;
    std::vector<double> exit;
    int failures = 0;
    for (const Timing& t : runs) {
        if (t.exitCode != 0 || (hasFrame && t.firstFrameMs < 0)) {
            ++failures;
            continue;
        }
        frame.push_back(t.firstFrameMs);
        exit.push_back(t.exitMs);
    }
    std::printf("%-44s", name);
    if (hasFrame)
        std::printf(
            " first frame %7.1f ms (min %7.1f, max %7.1f)", median(frame), percentile(frame, 0), percentile(frame, 1));
    std::printf("   exit %7.1f ms", median(exit));
    if (failures)
        std::printf("   %d of %zu runs failed", failures, runs.size());
    std::printf("\n");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--help") == 0) {
        std::printf("usage: bench_desktopstart (needs DISPLAY; PULSE_BIN_DIR locates pulseboard)\n");
        return 0;
    }
    if (!std::getenv("DISPLAY")) {
        std::fprintf(stderr, "bench_desktopstart: needs an X display (run it through scripts/bench or xvfb-run)\n");
        return 2;
    }
    const std::string pulseboard = binDir(argv[0]) + "/pulseboard";
    if (access(pulseboard.c_str(), X_OK) != 0) {
        std::fprintf(stderr, "bench_desktopstart: no %s\n", pulseboard.c_str());
        return 2;
    }
    const char* repsEnv = std::getenv("PULSE_BENCH_REPS");
    const int reps = std::max(5, repsEnv ? std::atoi(repsEnv) : 7);

    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    // The child keeps its settings (recent files) here, not in the operator's home.
    setenv("XDG_CONFIG_HOME", root.c_str(), 1);
    setenv("XDG_RUNTIME_DIR", root.c_str(), 1);
    setenv("QT_QPA_PLATFORM", "xcb", 1);
    const std::string layoutPath = root + "/render16.json";
    if (const auto saved = layout::saveLayoutFile(renderDashboard(), QString::fromStdString(layoutPath)); !saved.isOk) {
        std::fprintf(stderr, "bench_desktopstart: %s\n", qPrintable(saved.error));
        return 1;
    }

    struct Case {
        const char* name;
        std::vector<std::string> args; // after the program; the screenshot arguments are appended
        bool hasFrame;
    };
    const std::vector<Case> cases {
        { "pulseboard --version (exec + linking only)", { "--version" }, false },
        { "16 time-series panels (render layout)", { layoutPath, "--no-system" }, true },
        { "shipped default dashboard", { "--udp", "127.0.0.1:0", "--theme", "dark" }, true },
    };
    std::printf(
        "pulseboard start-up under X11 (%s), median of %d runs after a warm-up run\n", std::getenv("DISPLAY"), reps);
    for (const Case& c : cases) {
        std::vector<Timing> runs;
        for (int rep = 0; rep <= reps; ++rep) {
            const std::string shot = "shot" + std::to_string(rep) + ".png";
            std::vector<std::string> args { pulseboard };
            args.insert(args.end(), c.args.begin(), c.args.end());
            if (c.hasFrame)
                args.insert(args.end(), { "--screenshot", root + "/" + shot, "--after", "0" });
            const Timing t = timeProcess(args, root, c.hasFrame ? shot : std::string());
            if (rep > 0) // the first run warms the page cache and the font cache
                runs.push_back(t);
        }
        report(c.name, runs, c.hasFrame);
    }
    return 0;
}
