#pragma once

#include "model/sample.h"

#include <cstdint>

namespace pulse {

/** The bit of a pipeline source index in a source set; indexes past 63 share the last bit. */
constexpr std::uint64_t sourceBit(std::uint16_t sourceIndex)
{
    return std::uint64_t { 1 } << (sourceIndex < 63 ? sourceIndex : 63);
}

/** Which sources have fed a series: a set of sourceBit()s. */
struct SeriesSources {
    SeriesId series = kInvalidSeries;
    std::uint64_t sourceMask = 0;
};

} // namespace pulse
