import FlintCore
import FlintPostgres
import FlintSQLite
import Foundation
import Logging
import PostgresNIO
import Testing

/// The stores every contract case runs against: SQLite always; PostgreSQL when
/// `FLINT_TEST_POSTGRES_URL` names a server (`scripts/test` starts one). With
/// `FLINT_REQUIRE_POSTGRES=1` (set by `scripts/test`) a missing server fails the cases instead of
/// leaving them out.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var all: [StoreKind] {
        let environment = ProcessInfo.processInfo.environment
        if environment["FLINT_TEST_POSTGRES_URL"] != nil || environment["FLINT_REQUIRE_POSTGRES"] == "1" { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

/// Runs `body` with the stores of a fresh, migrated database of `kind`: a temporary SQLite folder, or
/// a PostgreSQL database cloned from a migrated template and dropped afterwards.
func withStorage(
    _ kind: StoreKind, inspectorRetention: Int = 1000, clock: any WallClock = SystemWallClock(),
    _ body: (Storage) async throws -> Void
) async throws {
    try await withBackend(kind, inspectorRetention: inspectorRetention, clock: clock) { try await body($0.storage) }
}

/// Like ``withStorage(_:inspectorRetention:clock:_:)``, with the whole backend (its change feed too).
func withBackend<T: Sendable>(
    _ kind: StoreKind, inspectorRetention: Int = 1000, clock: any WallClock = SystemWallClock(),
    _ body: (any StorageBackend) async throws -> T
) async throws -> T {
    switch kind {
    case .sqlite:
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flint-contract-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(folder: folder, inspectorRetention: inspectorRetention)
        return try await store.whileRunning { try await body(store) }
    case .postgres:
        // Swift Testing runs cases in parallel: a few databases at a time keep the server within its connections.
        await TestDatabases.shared.takeTurn()
        do {
            let result = try await withFreshPostgres(inspectorRetention: inspectorRetention, clock: clock, body)
            await TestDatabases.shared.endTurn()
            return result
        } catch {
            await TestDatabases.shared.endTurn()
            throw error
        }
    }
}

private func withFreshPostgres<T: Sendable>(
    inspectorRetention: Int, clock: any WallClock, _ body: (any StorageBackend) async throws -> T
) async throws -> T {
    let database = try await TestDatabases.shared.fresh()
    var options = PostgresStore.Options()
    options.inspectorRetention = inspectorRetention
    options.poolSize = 4
    let store = PostgresStore(url: try TestDatabases.url(database: database), options: options, clock: clock, logger: TestDatabases.logger)
    let result: Result<T, any Error>
    do {
        result = .success(try await store.whileRunning { try await body(store) })
    } catch {
        result = .failure(error)
    }
    try await TestDatabases.shared.drop(database)
    do {
        return try result.get()
    } catch let error as PSQLError {
        // postgres-nio hides the server's message unless asked; a failing case should show it.
        throw TestSetupError(String(reflecting: error))
    }
}

/// Fresh PostgreSQL databases for tests, each a copy of one migrated template (copying is much
/// faster than migrating).
actor TestDatabases {
    static let shared = TestDatabases()
    static let logger = Logger(label: "store-contract", factory: { _ in SwiftLogNoOpLogHandler() })

    private var template: Task<String, any Error>?
    /// Databases in use at once at most, and the cases waiting for one.
    private let turns = 6
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func takeTurn() async {
        if inUse < turns {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func endTurn() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }

    static func url(database: String) throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["FLINT_TEST_POSTGRES_URL"], var components = URLComponents(string: text) else {
            throw TestSetupError("FLINT_TEST_POSTGRES_URL is not set: run scripts/test, or eval \"$(scripts/postgres-for-tests)\"")
        }
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        return try PostgresURL(components.string!)
    }

    func fresh() async throws -> String {
        let template = try await templateName()
        let name = "flint_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        // A backend of the template's own setup may still be leaving: PostgreSQL then refuses the copy for a moment.
        for attempt in 1...20 {
            do {
                try await Self.administer("CREATE DATABASE \(name) TEMPLATE \(template)")
                return name
            } catch let error as TestSetupError where error.description.contains("being accessed by other users") && attempt < 20 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return name
    }

    func drop(_ database: String) async throws {
        try await Self.administer("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
    }

    private func templateName() async throws -> String {
        if let template { return try await template.value }
        let task = Task {
            let name = "flint_template_" + UUID().uuidString.prefix(8).lowercased()
            try await Self.administer("CREATE DATABASE \(name)")
            let store = PostgresStore(url: try Self.url(database: name), logger: Self.logger)
            try await store.whileRunning {}
            // A template is copied only while nobody is connected to it.
            try await Self.administer("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()")
            return name
        }
        template = task
        return try await task.value
    }

    /// Runs one statement on the server's `postgres` database over a connection of its own.
    private static func administer(_ sql: String) async throws {
        let configuration = try url(database: "postgres").configuration
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host ?? "127.0.0.1", port: configuration.port ?? 5432, username: configuration.username,
                password: configuration.password, database: "postgres", tls: .disable),
            id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw TestSetupError("\(sql): \(String(reflecting: error))")
        }
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
