#include "recentfiles.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace pulse::desktop {

namespace {
const QString kKey = u"recentFiles"_s;
}

RecentFiles::RecentFiles(QObject* parent)
    : QObject(parent)
{
    QSettings settings;
    for (const QString& file : settings.value(kKey).toStringList()) {
        if (!file.isEmpty() && !m_files.contains(file) && m_files.size() < kMaxFiles)
            m_files.append(file);
    }
}

void RecentFiles::add(const QString& filePath)
{
    const QString absolute = QFileInfo(filePath).absoluteFilePath();
    m_files.removeAll(absolute);
    m_files.prepend(absolute);
    while (m_files.size() > kMaxFiles)
        m_files.removeLast();
    store();
}

void RecentFiles::remove(const QString& filePath)
{
    if (m_files.removeAll(filePath) > 0)
        store();
}

void RecentFiles::clear()
{
    m_files.clear();
    store();
}

void RecentFiles::store()
{
    QSettings().setValue(kKey, m_files);
    Q_EMIT filesChanged();
}

} // namespace pulse::desktop
