#pragma once

#include "model/seriesregistry.h"
#include "window/windowresult.h"

#include <span>
#include <string>

namespace pulse {

/** "p50" for 0.5, "p999" for 0.999, "p25" for 0.25: the field name of a quantile. */
std::string quantileFieldName(double q);

/**
 * Appends one closed window as a JSON line (with '\n'), with only the fields that apply to the type:
 * {"series":…,"tags":[[k,v],…],"type":"c|g|ms|h|d|s","start":ms,"end":ms,"count":…,…}
 */
void appendWindowJson(
    std::string& out, const WindowResult& r, const SeriesInfo& series, std::span<const double> quantiles);

} // namespace pulse
