import FlintCore
import FlintSQLite
import GRDB
import Testing

/// SQLite errors that mean "not now" (a full disk, I/O, a lock held too long) are answered 503, not 500.
@Suite("SQLite errors clients should retry")
struct SQLiteUnavailableTests {
    @Test(arguments: [ResultCode.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_BUSY, .SQLITE_READONLY])
    func areUnavailable(code: ResultCode) {
        let error = FlintError.unavailable(from: DatabaseError(resultCode: code))
        #expect(error?.code == .unavailable)
        #expect((error?.message.contains("disk is full") == true) == (code == .SQLITE_FULL))
    }

    @Test(arguments: [ResultCode.SQLITE_CONSTRAINT, .SQLITE_ERROR, .SQLITE_CORRUPT, .SQLITE_LOCKED])
    func othersAreNot(code: ResultCode) {
        #expect(FlintError.unavailable(from: DatabaseError(resultCode: code)) == nil)
    }
}
