import FlintCore
import FlintEngine
import Logging

/// An ``IngestionKeyService`` over an in-memory store and a hand-moved clock.
struct KeyServiceHarness {
    let store = InMemoryIngestionKeyStore()
    let clock = TestWallClock()
    let service: IngestionKeyService

    init() {
        service = Self.service(store: store, clock: clock)
    }

    /// Another service over the same store and clock, as after a restart.
    static func service(store: InMemoryIngestionKeyStore, clock: TestWallClock) -> IngestionKeyService {
        IngestionKeyService(store: store, clock: clock, changes: InProcessChangeFeed(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// The error `authenticate` throws, or nil when it accepts.
    func authenticationError(_ token: String?, origin: String? = nil) -> FlintError? {
        do {
            _ = try service.authenticate(token: token, origin: origin)
            return nil
        } catch {
            return error
        }
    }
}
