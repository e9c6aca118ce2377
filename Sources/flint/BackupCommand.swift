import ArgumentParser
import FlintSQLite
import FlintServer
import Foundation

/// `flint backup <file>`: a consistent copy of the embedded database, taken while Flint serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the embedded SQLite database to a new file, consistently, while Flint runs.",
        discussion: """
            The copy is one moment's snapshot, checked before it is put in place. To restore it, stop Flint,
            put the file in the data folder as flint.sqlite (removing flint.sqlite-wal and flint.sqlite-shm),
            and start Flint. With PostgreSQL (FLINT_DATABASE_URL), back up with pg_dump instead.
            """)

    @Argument(help: "The file to write; it must not exist yet.")
    var file: String

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        guard configuration.databaseURL == nil else {
            throw ValidationError(
                "flint backup copies the embedded SQLite database; FLINT_DATABASE_URL points at PostgreSQL: use pg_dump (see the README).")
        }
        let started = ContinuousClock.now
        let summary: SQLiteBackup.Summary
        do {
            summary = try SQLiteBackup.copy(folder: configuration.dataFolder, to: URL(fileURLWithPath: file))
        } catch let error as SQLiteStartError {
            FileHandle.standardError.write(Data("flint: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let seconds = (ContinuousClock.now - started).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        print(
            """
            Backed up \(configuration.dataFolder.appendingPathComponent("flint.sqlite").path) to \(file) \
            (\(summary.bytes) bytes, schema "\(summary.schema)": \(summary.triggers) triggers, \(summary.events) events, \
            \(summary.runs) runs) in \(String(format: "%.2f", elapsed)) s.
            """)
    }
}
