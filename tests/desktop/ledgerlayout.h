#pragma once

#include <QByteArray>

namespace pulse::test {

/**
 * A two-panel layout over the `ledger.*` series the desktop tests send (a stat of ledger.g{host=x} and a time series
 * of ledger.*, both the last value of 1 s windows, 5 min range); `sources` is the inside of its "sources" array.
 */
inline QByteArray ledgerLayout(const QByteArray& sources)
{
    return R"({ "schemaVersion": 1, "title": "Wall", "timeRange": { "last": "5m" }, "sources": [ )" + sources + R"( ],
      "panels": [
        { "type": "stat", "title": "Ledger", "x": 0, "y": 0, "w": 12, "h": 6,
          "queries": [ { "selector": "ledger.g{host=x}", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] },
        { "type": "timeseries", "title": "Ledger history", "x": 12, "y": 0, "w": 12, "h": 6,
          "queries": [ { "selector": "ledger.*", "field": "last", "window": { "type": "tumbling", "size": "1s" } } ] } ] })";
}

} // namespace pulse::test
