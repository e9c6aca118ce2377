import FlintCore
import Foundation
import GRDB

/// `flint backup`: an online, consistent copy of the embedded database, taken while Flint serves.
///
/// The copy is SQLite's `VACUUM INTO` on a read-only connection: one read transaction, so it is a
/// snapshot of one moment, and in WAL mode it does not block Flint's writer. It is written beside the
/// destination, synced, checked with `PRAGMA integrity_check`, and only then renamed into place, so a
/// file at the destination is always a whole, verified database.
public enum SQLiteBackup {
    public struct Summary: Sendable, Equatable {
        public var bytes: Int64
        /// The last migration the copy has.
        public var schema: String
        public var triggers: Int
        public var events: Int
        public var runs: Int
    }

    public static func copy(folder: URL, to destination: URL) throws -> Summary {
        let source = SQLiteDatabase.file(in: folder)
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw SQLiteStartError("There is no Flint database at \(source.path): check --data or FLINT_DATA.")
        }
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw SQLiteStartError("\(destination.path) exists already; Flint does not overwrite a file with a backup. Choose a new name.")
        }
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: partial)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            try SQLiteStartError.explaining {
                let queue = try DatabaseQueue(path: source.path, configuration: configuration)
                try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial.path]) }
                try queue.close()
            }
            let handle = try FileHandle(forUpdating: partial)
            try handle.synchronize()
            try handle.close()
            let summary = try verify(partial)
            try FileManager.default.moveItem(at: partial, to: destination)
            syncFolder(destination.deletingLastPathComponent())
            return summary
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// Opens the copy, checks every page, and reads what it holds.
    private static func verify(_ file: URL) throws -> Summary {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: file.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let check = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard check == ["ok"] else { throw SQLiteStartError("The copy failed its integrity check: \(check.prefix(3).joined(separator: "; "))") }
            let schema = try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1") ?? "none"
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
            return Summary(
                bytes: bytes, schema: schema, triggers: try Int.fetchOne(db, sql: "SELECT count(*) FROM triggers") ?? 0,
                events: try Int.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0,
                runs: try Int.fetchOne(db, sql: "SELECT count(*) FROM runs") ?? 0)
        }
    }

    /// Makes the rename durable.
    private static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
