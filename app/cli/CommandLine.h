#pragma once

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace syncline::app {

// The part every `syncline <command>` shares: parse `args` with `parser`; on a usage
// error print it ("syncline <command>: ...") and return 2, on --help print the help and
// return 0; nullopt means "go on".
std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& args, const QString& command);

// --repo DIR, default the current folder: every workspace command takes it.
QCommandLineOption repositoryOption();

// --yes of the commands that contact clusters: trust the environments' clusters for this
// repository without asking (TerminalClusterConsent).
QCommandLineOption trustOption();

} // namespace syncline::app
