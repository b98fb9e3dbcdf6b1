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

} // namespace pulse
