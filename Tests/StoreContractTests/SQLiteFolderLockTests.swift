@testable import FlintSQLite
import Foundation
import Testing

@Suite("SQLite data folder lock")
struct SQLiteFolderLockTests {
    /// One holder at a time (a second open of the lock file conflicts even within one process); the
    /// lock is free again once its holder lets go.
    @Test func aSecondHolderIsRefusedUntilTheFirstLetsGo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-lock-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var first: SQLiteFolderLock? = try SQLiteFolderLock(folder: folder)
        #expect {
            _ = try SQLiteFolderLock(folder: folder, patience: .zero)
        } throws: { error in
            "\(error)".contains("Another Flint is already using the data folder \(folder.path)")
        }
        first = nil
        #expect(throws: Never.self) { _ = try SQLiteFolderLock(folder: folder, patience: .zero) }
    }

    /// A store holds the lock for as long as it is open.
    @Test func anOpenStoreHoldsItsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-lock-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(folder: folder)
        #expect(throws: SQLiteStartError.self) { _ = try SQLiteFolderLock(folder: folder, patience: .milliseconds(200)) }
        withExtendedLifetime(store) {}
    }
}
