#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pulse {

/** Longest PostgreSQL source URL a layout may hold, in bytes. */
inline constexpr std::size_t kMaxPgSourceUrlBytes = 2048;

/**
 * Why `url` is not acceptable as a layout's `postgres` source, empty when it is. Checked without libpq: a libpq
 * connection URI (`postgresql://` or `postgres://`) without a password (that comes from PGPASSWORD or ~/.pgpass) and
 * with only a fixed allow-list of query parameters, so a layout can neither carry a secret nor set server options.
 * An empty host (`postgresql:///metrics`) is accepted: libpq then uses its default local socket.
 */
std::string pgSourceUrlError(std::string_view url);

/** `url` with any password (`user:PASSWORD@`, `password=VALUE`) replaced by `***`, for problem messages. */
std::string pgSourceUrlForDisplay(std::string_view url);

} // namespace pulse
