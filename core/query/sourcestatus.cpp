#include "query/sourcestatus.h"

#include <bit>

namespace pulse {

QString SourceStatus::describe(std::uint64_t mask) const
{
    if (mask == 0)
        return {};
    const auto index = static_cast<std::size_t>(std::countr_zero(mask));
    const QString name = index < names.size() ? names[index] : QString();
    const QString message = index < messages.size() ? messages[index] : QString();
    if (message.isEmpty())
        return name;
    return name.isEmpty() ? message : name + QStringLiteral(": ") + message;
}

TimestampMs SourceStatus::nextRetry(std::uint64_t mask) const
{
    TimestampMs earliest = 0;
    for (; mask != 0; mask &= mask - 1) {
        const auto index = static_cast<std::size_t>(std::countr_zero(mask));
        const TimestampMs at = index < nextRetryMs.size() ? nextRetryMs[index] : 0;
        if (at != 0 && (earliest == 0 || at < earliest))
            earliest = at;
    }
    return earliest;
}

} // namespace pulse
