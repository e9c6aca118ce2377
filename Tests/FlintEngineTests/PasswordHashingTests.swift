import Dispatch
import FlintCore
@testable import FlintEngine
import Synchronization
import Testing

@Suite("Password hashing")
struct PasswordHashingTests {
    @Test func hashesOneAtATimeAtTheLimitAndRefusesPastTheLine() async throws {
        let hashing = PasswordHashing(limit: 1, lineLimit: 1)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let order = Recorder()

        let first = Task {
            try await hashing.run {
                started.signal()
                release.wait()
                order.append("first")
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { started.wait(); continuation.resume() }
        }
        let second = Task { try await hashing.run { order.append("second") } }
        while hashing.lineLength < 1 { await Task.yield() }

        let refusal = await #expect(throws: FlintError.self) { try await hashing.run { order.append("third") } }
        #expect(refusal?.code == .rateLimited)
        #expect(refusal?.retryAfter != nil)

        release.signal()
        try await first.value
        try await second.value
        #expect(order.items == ["first", "second"])
        // The turn is free again.
        #expect(hashing.lineLength == 0)
        try await hashing.run { order.append("later") }
        #expect(order.items.last == "later")
    }
}

private final class Recorder: Sendable {
    private let recorded = Mutex<[String]>([])
    var items: [String] { recorded.withLock { $0 } }
    func append(_ item: String) { recorded.withLock { $0.append(item) } }
}
