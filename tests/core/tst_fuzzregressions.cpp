// Replays every fuzz target's seeds (fuzz/corpus/<target>) and kept findings
// (fuzz/regressions/<target>) through the same entry functions the libFuzzer executables
// call, in the ordinary build: a fixed crash stays fixed without clang. An input that
// crashes, throws or trips a target's own check (abort) fails here.
#include "FuzzTargets.h"

#include <QDir>
#include <QFile>
#include <QTest>

using syncline::fuzz::FuzzTarget;

namespace {

QString fuzzDir() { return qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/fuzz"); }

QStringList inputsIn(const QString& folder) {
    QStringList files;
    const QDir dir(folder);
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyTargetHasSeedsAndEveryFolderATarget();
    void inputsRunCleanly_data();
    void inputsRunCleanly();
};

void TestFuzzRegressions::everyTargetHasSeedsAndEveryFolderATarget() {
    QStringList names;
    for (const FuzzTarget& target : syncline::fuzz::fuzzTargets()) {
        names << QString::fromLatin1(target.name);
        QVERIFY2(inputsIn(fuzzDir() + QStringLiteral("/corpus/") + names.last()).size() >= 2,
                 qPrintable(QStringLiteral("fuzz/corpus/%1 needs seeds").arg(names.last())));
    }
    for (const QString& kind : {QStringLiteral("corpus"), QStringLiteral("regressions")}) {
        for (const QString& folder : QDir(fuzzDir() + QLatin1Char('/') + kind).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            QVERIFY2(names.contains(folder), qPrintable(QStringLiteral("fuzz/%1/%2 is no target's").arg(kind, folder)));
    }
}

void TestFuzzRegressions::inputsRunCleanly_data() {
    QTest::addColumn<int>("target");
    QTest::addColumn<QString>("file");
    const auto targets = syncline::fuzz::fuzzTargets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const QString name = QString::fromLatin1(targets[i].name);
        for (const QString& kind : {QStringLiteral("corpus"), QStringLiteral("regressions")}) {
            for (const QString& file : inputsIn(fuzzDir() + QLatin1Char('/') + kind + QLatin1Char('/') + name)) {
                const QString row = kind + QLatin1Char('/') + name + QLatin1Char('/') + QFileInfo(file).fileName();
                QTest::newRow(qPrintable(row)) << int(i) << file;
            }
        }
    }
}

void TestFuzzRegressions::inputsRunCleanly() {
    QFETCH(int, target);
    QFETCH(QString, file);
    QFile input(file);
    QVERIFY2(input.open(QIODevice::ReadOnly), qPrintable(file));
    const QByteArray bytes = input.readAll();
    const FuzzTarget& entry = syncline::fuzz::fuzzTargets()[std::size_t(target)];
    QCOMPARE(entry.entry(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size())), 0);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
