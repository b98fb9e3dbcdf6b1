// libFuzzer target for the dashboard layout and playlist loaders (files an operator or anyone else hands the app).
// Besides not crashing, a layout that loads must survive a round trip: what the writer makes of it loads again
// with no errors, and writing that gives the same bytes (the loader and the writer agree on every field).
#include "layout/layoutreader.h"
#include "layout/layoutwriter.h"
#include "layout/playlist.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const pulse::layout::LayoutLoadResult loaded = pulse::layout::readLayout(json);
    if (loaded.dashboard) {
        const QByteArray written = pulse::layout::serializeLayout(*loaded.dashboard);
        const pulse::layout::LayoutLoadResult again = pulse::layout::readLayout(written);
        if (!again.dashboard || again.errorCount() != 0) {
            std::fprintf(stderr, "a written layout does not load again:\n%s\n%s\n", written.constData(),
                again.problemStrings().join(QLatin1Char('\n')).toLocal8Bit().constData());
            std::abort();
        }
        if (pulse::layout::serializeLayout(*again.dashboard) != written) {
            std::fprintf(stderr, "writing a reloaded layout changes it:\n%s\n", written.constData());
            std::abort();
        }
    }
    // Layout paths resolve against a folder that does not exist: nothing is read from disk.
    (void)pulse::layout::readPlaylist(json, QStringLiteral("/nonexistent/pulse-fuzz"));
    return 0;
}
