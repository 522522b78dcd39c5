#pragma once

#include <QString>
#include <QStringList>

#include <utility>
#include <vector>

namespace syncline::actions {

// Builds commit messages: a subject, an optional body, and trailers in the last paragraph
// (`git interpret-trailers` reads them).
class CommitMessage {
public:
    static QString compose(const QString& subject, const QStringList& bodyParagraphs,
                           const std::vector<std::pair<QString, QString>>& trailers) {
        QString text = subject + QLatin1Char('\n');
        for (const QString& paragraph : bodyParagraphs)
            if (!paragraph.isEmpty())
                text += QLatin1Char('\n') + paragraph + QLatin1Char('\n');
        if (!trailers.empty()) {
            text += QLatin1Char('\n');
            for (const auto& [key, value] : trailers)
                text += key + QStringLiteral(": ") + value + QLatin1Char('\n');
        }
        return text;
    }
};

} // namespace syncline::actions
