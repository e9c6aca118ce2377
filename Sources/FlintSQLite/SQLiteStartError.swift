import Foundation
import GRDB

/// Why Flint will not open its embedded database, said so an operator knows what to do: a damaged
/// file, a database file missing beside its write-ahead log, a folder it cannot write. Flint exits
/// with this message rather than serve errors or start empty over lost data.
public struct SQLiteStartError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }

    /// Runs `body`, turning SQLite's "damaged" and "cannot open" errors into a ``SQLiteStartError``.
    static func explaining<T>(at file: URL? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw explanation(of: error, file: file) ?? error
        }
    }

    /// The explanation of `error` when it means the database cannot be used as it is; nil otherwise.
    public static func explanation(of error: any Error, file: URL? = nil) -> SQLiteStartError? {
        guard let error = error as? DatabaseError else { return error as? SQLiteStartError }
        let path = file?.path ?? "the database file"
        switch error.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return SQLiteStartError(
                """
                \(path) is damaged (SQLite: \(error.message ?? "\(error.resultCode)")). Flint will not run on it.
                Restore your latest backup (README, "Backups"): stop Flint, put the backup in place as flint.sqlite,
                remove flint.sqlite-wal and flint.sqlite-shm, and start Flint. To start empty instead, move the
                data folder away.
                """)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return SQLiteStartError(
                "Flint cannot open \(path) for writing (SQLite: \(error.message ?? "\(error.resultCode)")). Check the data folder's owner and permissions.")
        default:
            return nil
        }
    }
}
