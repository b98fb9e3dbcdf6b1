#pragma once

#include <QObject>
#include <QStringList>

namespace pulse::desktop {

/** The most recently opened or saved layout files, newest first, kept in QSettings. */
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QObject* parent = nullptr);

    QStringList files() const { return m_files; }
    /** Moves (or adds) the file to the front; the list keeps at most kMaxFiles. */
    void add(const QString& filePath);
    void remove(const QString& filePath);
    void clear();

Q_SIGNALS:
    void filesChanged();

private:
    void store();

    QStringList m_files;
};

} // namespace pulse::desktop
