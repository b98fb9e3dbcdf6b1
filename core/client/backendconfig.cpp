#include "client/backendconfig.h"

#include <QByteArray>
#include <QFile>
#include <QUrl>
#include <QUrlQuery>

#include <cstdlib>

namespace pulse::client {

std::string BackendConfig::authority() const
{
    const bool isV6 = host.find(':') != std::string::npos;
    return (isV6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

BackendConfigResult parseBackendUrl(std::string_view text, bool isTokenRead)
{
    BackendConfigResult out;
    const auto fail = [&out](std::string why) {
        out.error = std::move(why);
        return out;
    };
    const QUrl url(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())), QUrl::StrictMode);
    if (text.empty() || !url.isValid())
        return fail("not a URL: expected ws://HOST:PORT/graphql");
    const QString scheme = url.scheme().toLower();
    if (scheme == u"wss" || scheme == u"https")
        return fail(scheme.toStdString()
            + ":// (TLS) is not built in: put a TLS-terminating proxy on loopback and connect to it with ws://");
    if (scheme != u"ws" && scheme != u"http")
        return fail("the scheme must be ws:// (or http://), got \"" + scheme.toStdString() + "\"");
    if (url.host().isEmpty())
        return fail("the URL names no host");
    if (!url.userInfo().isEmpty())
        return fail("credentials do not belong in the URL: use token=env:VAR or token.file=PATH");
    if (url.hasFragment())
        return fail("the URL must not have a fragment");
    BackendConfig config;
    config.url = std::string(text);
    config.host = url.host().toStdString();
    const int port = url.port(8080);
    if (port <= 0 || port > 65535)
        return fail("the port must be between 1 and 65535");
    config.port = static_cast<std::uint16_t>(port);
    const QString path = url.path(QUrl::FullyEncoded);
    config.path = path.isEmpty() ? std::string("/graphql") : path.toStdString();

    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"token") {
            if (!value.startsWith(u"env:"))
                return fail("a literal token does not belong in a URL or layout: use token=env:VAR or token.file=PATH");
            const QByteArray name = value.mid(4).toUtf8();
            if (name.isEmpty())
                return fail("token=env: names no variable");
            if (!isTokenRead)
                continue;
            const char* env = name.isEmpty() ? nullptr : std::getenv(name.constData());
            if (!env || !*env)
                return fail("token=env:" + name.toStdString() + ": the variable is not set");
            config.token = env;
        } else if (key == u"token.file") {
            if (value.isEmpty())
                return fail("token.file= names no file");
            if (!isTokenRead)
                continue;
            QFile file(value);
            if (!file.open(QIODevice::ReadOnly))
                return fail("token.file=" + value.toStdString() + ": " + file.errorString().toStdString());
            config.token = file.read(4096).trimmed().toStdString();
            if (config.token.empty())
                return fail("token.file=" + value.toStdString() + ": the file is empty");
        } else {
            return fail("unknown option \"" + key.toStdString() + "\" (known: token, token.file)");
        }
    }
    out.config = std::move(config);
    return out;
}

} // namespace pulse::client
