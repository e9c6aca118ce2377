import FlintCore
import FlintEngine
import Logging
import Metrics
import Synchronization
import Testing

@Suite("GroupCommitter")
struct GroupCommitterTests {
    func makeCommitter(_ store: RecordingEventStore, maximumRecordsPerCommit: Int = 5000) -> GroupCommitter {
        GroupCommitter(
            store: store, maximumRecordsPerCommit: maximumRecordsPerCommit,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), metrics: NOOPMetricsHandler.instance)
    }

    /// Runs `body` while the committer's loop runs, then stops the loop by cancelling it.
    func whileRunning<T>(_ committer: GroupCommitter, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.run() }
            do {
                let result = try await body()
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Caller `index`'s records: one to three, accepted or rejected by the bits of `index`, some repeated.
    static func records(for index: Int) -> [IngestionRecord] {
        var records = (0...(index % 3)).map { bit in
            (index >> bit) & 1 == 1 ? IngestionRecord.rejected("c\(index)-\(bit)") : .accepted("c\(index)-\(bit)")
        }
        if index % 4 == 0 { records.append(.accepted("c\(index)-0")) }
        return records
    }

    static func expectedOutcomes(for index: Int) -> [IngestionOutcome] {
        var seen: Set<String> = []
        return records(for: index).map { record in
            guard case .accepted(let event) = record else { return .recorded }
            return seen.insert(event.messageId).inserted ? .accepted : .duplicate
        }
    }

    /// Holds the store's first commit, issues one commit per entry of `jobs` concurrently while it is held,
    /// releases it, and returns each job's result by index.
    func commitWhileHeld(
        _ committer: GroupCommitter, _ store: RecordingEventStore, jobs: [[IngestionRecord]]
    ) async throws -> [Int: Result<[IngestionOutcome], any Error>] {
        var started = store.commitsStarted.makeAsyncIterator()
        async let warmUp = committer.commit([.accepted("warm-up")])
        #expect(await started.next() == 1)
        let (ready, signalReady) = AsyncStream.makeStream(of: Void.self)
        let results = await withTaskGroup(of: (Int, Result<[IngestionOutcome], any Error>).self) { callers in
            for (index, records) in jobs.enumerated() {
                callers.addTask {
                    signalReady.yield()
                    do { return (index, .success(try await committer.commit(records))) } catch { return (index, .failure(error)) }
                }
            }
            var waiting = jobs.count
            for await _ in ready {
                waiting -= 1
                if waiting == 0 { break }
            }
            store.release()
            var results: [Int: Result<[IngestionOutcome], any Error>] = [:]
            for await (index, result) in callers { results[index] = result }
            return results
        }
        #expect(try await warmUp == [.accepted])
        return results
    }

    /// The dispatcher's wake-up follows every commit that appended events: ingested ones, and the
    /// built-in event of a new customer; not a commit that only recorded rejections or replaced a customer.
    @Test func wakesTheDispatcherWhenEventsWereAppended() async throws {
        let wakes = WakeCounter()
        let committer = GroupCommitter(
            store: RecordingEventStore(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            metrics: NOOPMetricsHandler.instance, afterCommit: { wakes.add() })
        var ann = Customer(id: "ann", type: .contact)
        ann.email = "ann@example.com"
        let write = CustomerCommit(customer: ann, at: 1, eventIfCreated: BuiltinEvents.customerCreated(ann, at: 1))
        try await whileRunning(committer) {
            _ = try await committer.commit([.rejected("r1")])
            #expect(wakes.count == 0)
            #expect(try await committer.commit([.customerWrite(write)]) == [.created])
            #expect(wakes.count == 1)
            #expect(try await committer.commit([.customerWrite(write)]) == [.recorded])
            #expect(wakes.count == 1)
            _ = try await committer.commit([.accepted("m1")])
            #expect(wakes.count == 2)
        }
    }

    @Test func concurrentCommitsShareFewTransactionsAndEachCallerGetsItsOwnOutcomes() async throws {
        let store = RecordingEventStore(holdsFirstCommit: true)
        let committer = makeCommitter(store)
        let jobs = (0..<60).map(Self.records(for:))
        let results = try await whileRunning(committer) {
            try await commitWhileHeld(committer, store, jobs: jobs)
        }
        for index in jobs.indices {
            #expect(try results[index]?.get() == Self.expectedOutcomes(for: index), "caller \(index)")
        }
        let sizes = store.commitSizes
        #expect(sizes.first == 1)
        let recordCount = jobs.map(\.count).reduce(0, +)
        #expect(sizes.reduce(0, +) == 1 + recordCount)
        #expect(sizes.count <= 4, "60 concurrent callers took \(sizes.count) commits: \(sizes)")
    }

    @Test func aCommitTakesQueuedJobsUntilItHoldsTheMaximum() async throws {
        let store = RecordingEventStore(holdsFirstCommit: true)
        let committer = makeCommitter(store, maximumRecordsPerCommit: 3)
        let jobs = (0..<4).map { index in [IngestionRecord.accepted("j\(index)-a"), .accepted("j\(index)-b")] }
        let results = try await whileRunning(committer) {
            try await commitWhileHeld(committer, store, jobs: jobs)
        }
        #expect(results.values.allSatisfy { (try? $0.get()) == [.accepted, .accepted] })
        #expect(store.commitSizes == [1, 4, 4])
    }

    @Test func aFailingBatchIsRetriedJobByJobSoOnlyTheBadJobFails() async throws {
        let store = RecordingEventStore(holdsFirstCommit: true)
        store.poison(messageId: "bad")
        let committer = makeCommitter(store)
        let jobs: [[IngestionRecord]] = [
            [.accepted("a1"), .rejected("a2")], [.accepted("x1"), .accepted("bad")], [.accepted("b1")],
        ]
        let results = try await whileRunning(committer) {
            try await commitWhileHeld(committer, store, jobs: jobs)
        }
        #expect(try results[0]?.get() == [.accepted, .recorded])
        #expect(try results[2]?.get() == [.accepted])
        let failure = try #require(results[1])
        #expect(throws: FlintError.unavailable("The database cannot take writes right now")) { try failure.get() }
        let sizes = store.commitSizes
        #expect(Array(sizes.prefix(2)) == [1, 5], "the three jobs were first tried together: \(sizes)")
        #expect(sizes.dropFirst(2).sorted() == [1, 2, 2])
    }

    @Test func healthFollowsTheLatestCommit() async throws {
        let store = RecordingEventStore()
        store.poison(messageId: "bad")
        let committer = makeCommitter(store)
        try await whileRunning(committer) { () async throws in
            #expect(committer.isHealthy)
            let error = await #expect(throws: FlintError.self) { try await committer.commit([.accepted("bad")]) }
            #expect(error?.code == .unavailable)
            #expect(error?.retryAfter == 1)
            #expect(!committer.isHealthy)
            #expect(try await committer.commit([.accepted("good")]) == [.accepted])
            #expect(committer.isHealthy)
        }
    }

    @Test func shutdownDrainsQueuedJobsThenRefusesNewOnes() async throws {
        let store = RecordingEventStore(holdsFirstCommit: true)
        let committer = makeCommitter(store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await committer.run() }
            var started = store.commitsStarted.makeAsyncIterator()
            async let first = committer.commit([.accepted("first")])
            #expect(await started.next() == 1)
            let (ready, signalReady) = AsyncStream.makeStream(of: Void.self)
            async let queued = { () async throws -> [IngestionOutcome] in
                signalReady.yield()
                return try await committer.commit([.accepted("queued"), .rejected("queued-r")])
            }()
            var readiness = ready.makeAsyncIterator()
            await readiness.next()
            group.cancelAll()
            store.release()
            try await group.waitForAll()
            #expect(try await first == [.accepted])
            #expect(try await queued == [.accepted, .recorded])
        }
        let error = await #expect(throws: FlintError.self) { try await committer.commit([.accepted("late")]) }
        #expect(error?.code == .unavailable)
        #expect(store.commitSizes == [1, 2])
    }

    @Test func cancellingAnIdleCommitterEndsItsLoop() async throws {
        let committer = makeCommitter(RecordingEventStore())
        try await whileRunning(committer) { () async throws in
            #expect(try await committer.commit([.accepted("one")]) == [.accepted])
        }
        let error = await #expect(throws: FlintError.self) { try await committer.commit([.accepted("two")]) }
        #expect(error?.code == .unavailable)
    }
}

final class WakeCounter: Sendable {
    private let value = Mutex(0)
    var count: Int { value.withLock { $0 } }
    func add() { value.withLock { $0 += 1 } }
}
