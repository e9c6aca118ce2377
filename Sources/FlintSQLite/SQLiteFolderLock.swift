#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An exclusive lock on a data folder (`flint.lock`, `flock`), held while a Flint serves from it.
///
/// One node owns the embedded database: its dispatcher's cursor, and the runs it hands its executor
/// without reading them back, assume nobody else writes. A second `flint serve` (or `migrate`) on the
/// same folder stops at start with a message instead. The kernel drops the lock when the process
/// ends, however it ends, so a crash never leaves a stale lock behind.
final class SQLiteFolderLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock on `folder`, or throws ``SQLiteStartError`` when another process holds it.
    init(folder: URL) throws {
        let path = folder.appendingPathComponent("flint.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SQLiteStartError("Flint cannot open \(path): \(String(cString: strerror(errno))). Check the data folder's owner and permissions.")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            if reason == EWOULDBLOCK {
                throw SQLiteStartError(
                    """
                    Another Flint is already using the data folder \(folder.path) (it holds flint.lock). Stop it first, \
                    or give this one its own folder (--data); for several nodes, share PostgreSQL (FLINT_DATABASE_URL).
                    """)
            }
            throw SQLiteStartError("Flint cannot lock \(path): \(String(cString: strerror(reason))).")
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
