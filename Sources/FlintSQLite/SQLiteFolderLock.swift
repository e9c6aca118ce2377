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
/// same folder waits a few seconds for the lock (a supervisor's restart may overlap the old process's
/// exit), then stops with a message. The kernel drops the lock when the process ends, however it
/// ends, so a crash never leaves a stale lock behind.
final class SQLiteFolderLock: Sendable {
    private let descriptor: Int32

    /// Creates `folder` if needed and takes its lock, waiting up to `patience` for another process to
    /// let go; throws ``SQLiteStartError`` when it does not.
    init(folder: URL, patience: Duration = .seconds(5)) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SQLiteStartError("Flint cannot create its data folder \(folder.path): \(error.localizedDescription)")
        }
        let path = folder.appendingPathComponent("flint.lock").path
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SQLiteStartError("Flint cannot open \(path): \(String(cString: strerror(errno))). Check the data folder's owner and permissions.")
        }
        let deadline = ContinuousClock.now + patience
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EWOULDBLOCK, ContinuousClock.now < deadline else {
                close(descriptor)
                if reason == EWOULDBLOCK {
                    throw SQLiteStartError(
                        """
                        Another Flint is already using the data folder \(folder.path) (it holds flint.lock). Stop it first. \
                        A second server needs its own folder (--data); several nodes share PostgreSQL (FLINT_DATABASE_URL).
                        """)
                }
                throw SQLiteStartError("Flint cannot lock \(path): \(String(cString: strerror(reason))).")
            }
            usleep(100_000)
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }
}
