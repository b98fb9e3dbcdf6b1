#include "storage/storagerow.h"

#include "sketch/tdigest.h"

namespace pulse {

std::optional<StorageTable> storageTableForWindowMs(std::int64_t sizeMs)
{
    switch (sizeMs) {
    case 1000:
        return StorageTable::Raw;
    case 10'000:
        return StorageTable::Rollup10s;
    case 60'000:
        return StorageTable::Rollup1m;
    case 3'600'000:
        return StorageTable::Rollup1h;
    default:
        return std::nullopt;
    }
}

std::optional<StorageTable> storageTableFromIndex(int index)
{
    if (index < 0 || index >= kStorageTableCount)
        return std::nullopt;
    return static_cast<StorageTable>(index);
}

static void appendJsonString(std::string& out, std::string_view s)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

std::string tagsToJson(const std::vector<Tag>& tags)
{
    std::string out = "{";
    for (std::size_t i = 0; i < tags.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, tags[i].first);
        out += ':';
        appendJsonString(out, tags[i].second);
    }
    out += '}';
    return out;
}

std::string sanitizeUtf8(std::string_view s)
{
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        std::uint32_t cp = 0;
        if (c == 0) {
            len = 0;
        } else if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        }
        bool isValid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; isValid && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            isValid = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Reject overlong forms, surrogates and code points beyond U+10FFFF: PostgreSQL does.
        if (isValid
            && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)
                || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
            isValid = false;
        if (isValid) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += kReplacement;
            ++i;
        }
    }
    return out;
}

SeriesTextPtr makeSeriesText(const SeriesInfo& info)
{
    auto text = std::make_shared<SeriesText>();
    SeriesInfo clean;
    clean.name = sanitizeUtf8(info.name);
    clean.tags.reserve(info.tags.size());
    for (const auto& [k, v] : info.tags)
        clean.tags.emplace_back(sanitizeUtf8(k), sanitizeUtf8(v));
    text->key = clean.displayName();
    std::string_view source = clean.tag("source");
    if (source.empty())
        source = clean.tag("host");
    text->sourceId = std::string(source);
    text->metricName = std::move(clean.name);
    text->tagsJson = tagsToJson(clean.tags);
    text->type = info.type;
    return text;
}

std::size_t storageRowBytes(const StorageRow& row)
{
    std::size_t bytes = sizeof(StorageRow) + row.digestBytes.capacity();
    if (row.digest)
        bytes += row.digest->memoryBytes();
    return bytes;
}

} // namespace pulse
