import FlintCore
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import Synchronization
import Testing

@testable import FlintServer

/// The lean path's handler on a testing channel: which requests it takes, and that answers keep the
/// order of requests whatever arrives while one is being answered.
@Suite("Lean single-event path: the channel handler", .timeLimit(.minutes(1)))
struct SingleEventChannelHandlerTests {
    static let event = #"{"trigger":"wifi_signup","authId":"contact-1"}"#

    static func post(_ path: String = "/v1/events", headers: HTTPFields = [.contentType: "application/json"]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .post, scheme: nil, authority: "flint.example", path: path, headerFields: headers))
    }

    static func get(_ path: String) -> HTTPRequestPart {
        .head(HTTPRequest(method: .get, scheme: nil, authority: "flint.example", path: path))
    }

    static func body(_ text: String) -> HTTPRequestPart { .body(ByteBuffer(string: text)) }

    /// A handler on a testing channel, behind a counter of the reads that reach the socket's end, and
    /// the answers it will get.
    static func channel() async throws -> (NIOAsyncTestingChannel, ReadCounter, Answers) {
        let reads = ReadCounter()
        let channel = NIOAsyncTestingChannel()
        let answers = Answers(loop: channel.testingEventLoop)
        try await channel.connect(to: SocketAddress(ipAddress: "192.0.2.7", port: 5123))
        try await channel.pipeline.addHandler(reads)
        try await channel.pipeline.addHandler(SingleEventChannelHandler(answer: answers.answer))
        return (channel, reads, answers)
    }

    @Test func takesASingleEventAndAnswersItWithHummingbirdsHeaders() async throws {
        let (channel, _, answers) = try await Self.channel()
        try await channel.writeInbound(Self.post())
        try await channel.writeInbound(Self.body(String(Self.event.prefix(10))))
        try await channel.writeInbound(Self.body(String(Self.event.dropFirst(10))))
        try await channel.writeInbound(HTTPRequestPart.end(nil))
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))

        let head = try await Self.responseHead(channel)
        #expect(head.status == .accepted)
        #expect(head.headerFields[.contentType] == "application/json")
        #expect(head.headerFields[.contentLength] == "21")
        #expect(head.headerFields[.server] == "flint")
        #expect(head.headerFields[.date]?.hasSuffix(" GMT") == true)
        #expect(try await Self.responseBody(channel) == #"{"status":"accepted"}"#)
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == nil)  // Hummingbird never saw it
        let request = try #require(answers.requests.first)
        #expect(String(buffer: request.body) == Self.event)
        #expect(request.isTruncated == false)
        #expect(request.remoteAddress?.ipAddress == "192.0.2.7")
    }

    @Test(arguments: [
        SingleEventChannelHandlerTests.get("/health/live"),
        SingleEventChannelHandlerTests.post("/v1/events/batch"),
        SingleEventChannelHandlerTests.post("/v1/events?debug=1"),
        SingleEventChannelHandlerTests.post(headers: [.origin: "https://shop.example"]),
        SingleEventChannelHandlerTests.post(headers: [.contentLength: "40000"]),
        SingleEventChannelHandlerTests.post(headers: [.expect: "100-continue"]),
        .head(HTTPRequest(method: .put, scheme: nil, authority: nil, path: "/v1/events")),
    ])
    func passesEveryOtherRequestOnToTheRouter(_ head: HTTPRequestPart) async throws {
        let (channel, _, answers) = try await Self.channel()
        try await channel.writeInbound(head)
        try await channel.writeInbound(Self.body("{}"))
        try await channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == head)
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.body("{}"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
        #expect(answers.requests.isEmpty)
    }

    /// While the router has a request of the connection in hand, a single event behind it goes to the
    /// router too, so its answer cannot overtake the router's; once the router's response ends, the
    /// lean path takes the next one.
    @Test func aSingleEventBehindARouterRequestGoesToTheRouter() async throws {
        let (channel, _, answers) = try await Self.channel()
        for part in [Self.get("/health/live"), .end(nil), Self.post(), Self.body(Self.event), .end(nil)] {
            try await channel.writeInbound(part)
        }
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.get("/health/live"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.post())
        _ = try await channel.readInbound(as: HTTPRequestPart.self)
        _ = try await channel.readInbound(as: HTTPRequestPart.self)
        #expect(answers.requests.isEmpty)

        // The router answers both.
        for _ in 0..<2 {
            try await channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try await channel.writeOutbound(HTTPResponsePart.end(nil))
        }
        for part in [Self.post(), Self.body(Self.event), .end(nil)] { try await channel.writeInbound(part) }
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        #expect(answers.requests.count == 1)
    }

    /// A request pipelined behind a single event reaches the router only after the event's answer is
    /// written, and reading stops until then.
    @Test func whatArrivesWhileAnEventIsAnsweredWaitsForItsAnswer() async throws {
        let (channel, reads, answers) = try await Self.channel()
        for part in [Self.post(), Self.body(Self.event), .end(nil), Self.get("/health/live"), .end(nil)] {
            try await channel.writeInbound(part)
        }
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidEOFState)
        channel.read()
        await answers.waitForRequests(1)
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == nil)
        #expect(reads.count == 0)
        #expect(try await channel.readOutbound(as: HTTPResponsePart.self) == nil)

        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        #expect(try await Self.responseHead(channel).status == .accepted)
        _ = try await Self.responseBody(channel)
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.get("/health/live"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
        await #expect(throws: HTTPParserError.self) { try await channel.throwIfErrorCaught() }
        #expect(reads.count == 1)
    }

    /// Two single events pipelined: the second is taken once the first is answered, and what follows
    /// them waits for both.
    @Test func pipelinedSingleEventsAreAnsweredInTurn() async throws {
        let (channel, reads, answers) = try await Self.channel()
        for part in [Self.post(), Self.body("first"), .end(nil), Self.post(), Self.body("second"), .end(nil), Self.get("/health/live"), .end(nil)] {
            try await channel.writeInbound(part)
        }
        channel.read()
        await answers.answerNext(JSONReply(["answer": 1], status: .accepted))
        #expect(try await Self.responseBody(channel, skippingHead: true) == #"{"answer":1}"#)
        await answers.answerNext(JSONReply(["answer": 2], status: .accepted))
        #expect(try await Self.responseBody(channel, skippingHead: true) == #"{"answer":2}"#)
        #expect(answers.requests.map { String(buffer: $0.body) } == ["first", "second"])
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.get("/health/live"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
        #expect(reads.count == 1)
    }

    /// An error held behind an answer reaches the router, and drops a single event it cut short.
    @Test func aHeldErrorIsReplayedAfterTheAnswer() async throws {
        let (channel, _, answers) = try await Self.channel()
        for part in [Self.post(), Self.body(Self.event), .end(nil), Self.post()] { try await channel.writeInbound(part) }
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidChunkSize)
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        _ = try await Self.responseBody(channel, skippingHead: true)
        await channel.testingEventLoop.run()
        await #expect(throws: HTTPParserError.self) { try await channel.throwIfErrorCaught() }
        try await channel.writeInbound(Self.get("/health/live"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.get("/health/live"))
        #expect(answers.requests.count == 1)
    }

    /// After a request that makes Hummingbird close the connection, nothing is taken: a single event
    /// pipelined behind it must not be ingested and answered on a closing connection.
    @Test func nothingIsTakenAfterTheRouterIsToldToClose() async throws {
        let (channel, _, answers) = try await Self.channel()
        let closing = HTTPRequestPart.head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/health/live", headerFields: [.connection: "close"]))
        try await channel.writeInbound(closing)
        try await channel.writeInbound(HTTPRequestPart.end(nil))
        try await channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try await channel.writeOutbound(HTTPResponsePart.end(nil))
        for part in [Self.post(), Self.body(Self.event), .end(nil)] { try await channel.writeInbound(part) }
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == closing)
        _ = try await channel.readInbound(as: HTTPRequestPart.self)
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.post())
        await channel.testingEventLoop.run()
        #expect(answers.requests.isEmpty)
    }

    /// A client gone while its event is answered: what it pipelined after is not ingested, since
    /// nobody could be told of it, and nothing is written.
    @Test func nothingHeldIsTakenOnceTheConnectionIsGone() async throws {
        let (channel, _, answers) = try await Self.channel()
        for part in [Self.post(), Self.body("first"), .end(nil), Self.post(), Self.body("second"), .end(nil)] {
            try await channel.writeInbound(part)
        }
        await answers.waitForRequests(1)
        channel.pipeline.fireChannelInactive()
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        await channel.testingEventLoop.run()
        #expect(try await channel.readOutbound(as: HTTPResponsePart.self) == nil)
        #expect(answers.requests.count == 1)
    }

    /// A client that sends and never reads: once the connection cannot take more writes, reading
    /// stops, and it resumes when the client reads again.
    @Test func readsWaitWhileTheConnectionCannotTakeWrites() async throws {
        let (channel, reads, _) = try await Self.channel()
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        channel.read()
        await channel.testingEventLoop.run()
        #expect(reads.count == 0)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        await channel.testingEventLoop.run()
        #expect(reads.count == 1)
    }

    /// Hummingbird closes the connection after an error it is passed, so nothing after one is taken.
    @Test func nothingIsTakenAfterAnErrorGoesToTheRouter() async throws {
        let (channel, _, answers) = try await Self.channel()
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidChunkSize)
        await #expect(throws: HTTPParserError.self) { try await channel.throwIfErrorCaught() }
        for part in [Self.post(), Self.body(Self.event), .end(nil)] { try await channel.writeInbound(part) }
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.post())
        #expect(answers.requests.isEmpty)
    }

    /// A client that waits for each answer keeps reading on: its socket stays registered.
    @Test func readsGoOnWhileAnEventIsAnsweredIfNothingIsHeld() async throws {
        let (channel, reads, answers) = try await Self.channel()
        for part in [Self.post(), Self.body(Self.event), .end(nil)] { try await channel.writeInbound(part) }
        await answers.waitForRequests(1)
        channel.read()
        await channel.testingEventLoop.run()
        #expect(reads.count == 1)
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        #expect(try await Self.responseHead(channel).status == .accepted)
    }

    @Test func nothingIsTakenAfterAnAnswerThatClosesTheConnection() async throws {
        let (channel, _, answers) = try await Self.channel()
        for part in [Self.post(headers: [.connection: "close"]), Self.body(Self.event), .end(nil)] {
            try await channel.writeInbound(part)
        }
        await answers.answerNext(JSONReply(["status": "accepted"], status: .accepted))
        #expect(try await Self.responseHead(channel).status == .accepted)
        _ = try await Self.responseBody(channel)
        // What the client sends after it is dropped: neither taken nor passed on.
        for part in [Self.post(), Self.body(Self.event), .end(nil), Self.get("/health/live"), .end(nil)] {
            try await channel.writeInbound(part)
        }
        await channel.testingEventLoop.run()
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == nil)
        #expect(answers.requests.count == 1)
    }

    /// The handler keeps no more than the limit: the intake answers `413` for a truncated body.
    @Test func aBodyPastTheLimitIsKeptOnlyUpToIt() async throws {
        let (channel, _, answers) = try await Self.channel()
        let half = String(repeating: "x", count: SingleEventIntake.bodyLimit / 2 + 1)
        for part in [Self.post(), Self.body(half), Self.body(half), .end(nil)] { try await channel.writeInbound(part) }
        await answers.answerNext(JSONReply(["status": "too large"], status: .contentTooLarge))
        let request = try #require(answers.requests.first)
        #expect(request.isTruncated)
        #expect(request.body.readableBytes <= SingleEventIntake.bodyLimit)
    }

    /// A request cut short by a parse error is left to the router, which answers the error.
    @Test func aParseErrorWhileAnEventArrivesGoesToTheRouter() async throws {
        let (channel, _, answers) = try await Self.channel()
        try await channel.writeInbound(Self.post())
        channel.pipeline.fireErrorCaught(HTTPParserError.invalidChunkSize)
        await #expect(throws: HTTPParserError.self) { try await channel.throwIfErrorCaught() }
        try await channel.writeInbound(Self.get("/health/live"))
        #expect(try await channel.readInbound(as: HTTPRequestPart.self) == Self.get("/health/live"))
        #expect(answers.requests.isEmpty)
    }

    @Test func datesAreIMFFixdates() {
        #expect(HTTPDateCache.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateCache.format(1_795_000_000) == "Wed, 18 Nov 2026 11:06:40 GMT")
    }

    static func responseHead(_ channel: NIOAsyncTestingChannel) async throws -> HTTPResponse {
        guard case .head(let head) = try await channel.waitForOutboundWrite(as: HTTPResponsePart.self) else {
            Issue.record("the first part written is not a head")
            return HTTPResponse(status: .internalServerError)
        }
        return head
    }

    static func responseBody(_ channel: NIOAsyncTestingChannel, skippingHead: Bool = false) async throws -> String {
        if skippingHead { _ = try await responseHead(channel) }
        var body = ""
        while true {
            switch try await channel.waitForOutboundWrite(as: HTTPResponsePart.self) {
            case .body(let bytes): body += String(buffer: bytes)
            case .end: return body
            case .head: Issue.record("a second head")
            }
        }
    }
}

/// The lean path's answers, given when the test says: each request waits until ``answerNext(_:)``.
///
/// The handler's tasks run on the testing channel's loop, which runs what is queued from the loop
/// itself only when asked: the waits below ask it (``NIOAsyncTestingEventLoop/run()``), never sleeping.
final class Answers: Sendable {
    let loop: NIOAsyncTestingEventLoop

    init(loop: NIOAsyncTestingEventLoop) {
        self.loop = loop
    }

    private struct Waiting {
        var requests: [SingleEventIntake.Request] = []
        var pending: [CheckedContinuation<JSONReply, Never>] = []
    }

    private let state = Mutex(Waiting())

    var requests: [SingleEventIntake.Request] { state.withLock { $0.requests } }

    var answer: SingleEventChannelHandler.Answer {
        { request in
            await withCheckedContinuation { continuation in
                self.state.withLock {
                    $0.requests.append(request)
                    $0.pending.append(continuation)
                }
            }
        }
    }

    /// Waits until `count` requests have asked for an answer.
    func waitForRequests(_ count: Int) async {
        for _ in 0..<1000 where state.withLock({ $0.requests.count < count }) { await loop.run() }
        #expect(requests.count >= count, "the handler did not ask for an answer")
    }

    /// Answers the oldest waiting request with `reply`, waiting for one to ask first.
    func answerNext(_ reply: JSONReply) async {
        for _ in 0..<1000 where state.withLock({ $0.pending.isEmpty }) { await loop.run() }
        let next = state.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
        guard let next else {
            Issue.record("no request asked for an answer")
            return
        }
        next.resume(returning: reply)
    }
}

/// Counts the reads that pass it on their way to the socket.
final class ReadCounter: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = Any
    private let reads = Mutex(0)

    var count: Int { reads.withLock { $0 } }

    func read(context: ChannelHandlerContext) {
        reads.withLock { $0 += 1 }
        context.read()
    }
}
