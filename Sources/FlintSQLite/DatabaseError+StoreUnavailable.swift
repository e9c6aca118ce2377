import FlintCore
import GRDB

/// A full disk, an I/O error, a database locked by another process past the busy timeout, or a file
/// system gone read-only: nothing was written, and the same request may well succeed shortly (once
/// space is freed, the lock released, the disk remounted). Clients are told `503` with `Retry-After`,
/// never `500`, and nothing they were told was stored is lost. (`SQLITE_LOCKED`, a conflict inside
/// one connection, is a bug, not a state to wait out: it stays a `500`.)
extension DatabaseError: StoreUnavailable {
    public var isUnavailable: Bool {
        switch resultCode {
        case .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_CANTOPEN, .SQLITE_READONLY: true
        default: false
        }
    }

    public var unavailableMessage: String {
        resultCode == .SQLITE_FULL
            ? "Flint's disk is full, so nothing was stored; try again shortly"
            : "The database cannot be written right now; try again shortly"
    }
}
