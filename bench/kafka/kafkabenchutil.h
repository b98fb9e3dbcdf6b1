#pragma once

// Helpers shared by the Kafka benchmarks: tools/kafka-mock as a child process (so its CPU is not
// counted in ours), timing a child to completion, and this process's CPU time.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace pulse::benchutil {

inline double nowSec()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/** User + system CPU seconds of this process (all threads). */
inline double cpuSec()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

inline std::string binDir()
{
    if (const char* d = std::getenv("PULSE_BIN_DIR"))
        return d;
    char path[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    std::string p(path, n > 0 ? std::size_t(n) : 0);
    return p.substr(0, p.rfind('/'));
}

inline pid_t spawn(const std::vector<std::string>& args, int stdinFd, int stdoutFd)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (stdinFd >= 0)
        posix_spawn_file_actions_adddup2(&fa, stdinFd, 0);
    if (stdoutFd >= 0)
        posix_spawn_file_actions_adddup2(&fa, stdoutFd, 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0)
        pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

/** Wall seconds a command takes, stdout to /dev/null; negative when it failed. */
inline double timeCommand(const std::vector<std::string>& args)
{
    const int devNull = open("/dev/null", O_WRONLY);
    const double t0 = nowSec();
    const pid_t pid = spawn(args, -1, devNull);
    close(devNull);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return nowSec() - t0;
}

/** tools/kafka-mock running in the background; quits (stdin EOF) when destroyed. */
struct MockCluster {
    pid_t pid = -1;
    int stdinFd = -1;
    std::string bootstrap;

    bool start(const std::vector<std::string>& topics, int brokers = 1)
    {
        int in[2];
        int out[2];
        if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) // else the child holds its own stdin open
            return false;
        std::vector<std::string> args { binDir() + "/kafka-mock", "--brokers", std::to_string(brokers) };
        for (const std::string& t : topics)
            args.insert(args.end(), { "--topic", t });
        pid = spawn(args, in[0], out[1]);
        close(in[0]);
        close(out[1]);
        stdinFd = in[1];
        FILE* f = fdopen(out[0], "r");
        char line[1024] = {};
        const bool isOk = pid > 0 && f && std::fgets(line, sizeof(line), f);
        if (f)
            std::fclose(f);
        std::string s(line);
        if (!isOk || s.rfind("bootstrap ", 0) != 0)
            return false;
        bootstrap = s.substr(10, s.find_last_not_of("\r\n") - 9);
        return true;
    }
    ~MockCluster()
    {
        if (stdinFd >= 0)
            close(stdinFd);
        if (pid > 0)
            waitpid(pid, nullptr, 0);
    }
};

inline double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace pulse::benchutil
