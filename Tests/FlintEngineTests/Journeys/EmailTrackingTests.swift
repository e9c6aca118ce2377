import FlintCore
@testable import FlintEngine
import Foundation
import Testing

@Suite("Email tracking and unsubscribe", .timeLimit(.minutes(1)))
struct EmailTrackingTests {
    static let signer = TrackingSigner(secret: "test-tracking-key")
    static let tracking = EmailTracking(baseURL: "https://flint.example/", signer: signer)
    static let message = TrackedMessage(
        messageId: "run_1:hello", journeyId: "jrn_1", stepId: "hello", authId: "ann", customerType: .contact, address: "ann@example.com")

    /// The paths after the base URL of every quoted URL in `html` that goes through Flint (links and the pixel).
    static func trackedLinks(_ html: String) -> [String] {
        html.components(separatedBy: "\"https://flint.example/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func tokensRoundTripAndRefuseTampering() throws {
        let token = Self.signer.token(for: TrackingToken(kind: .click, message: Self.message, link: 2, target: "https://shop.example/a?b=1"))
        #expect(Self.signer.verify(token) == TrackingToken(kind: .click, message: Self.message, link: 2, target: "https://shop.example/a?b=1"))
        // Any change to payload or tag, a truncation, another key: refused.
        var bytes = Array(token.utf8)
        bytes[5] = bytes[5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(Self.signer.verify(String(decoding: bytes, as: UTF8.self)) == nil)
        #expect(Self.signer.verify(String(token.dropLast(3))) == nil)
        #expect(Self.signer.verify(String(token.prefix(while: { $0 != "." }))) == nil)
        #expect(TrackingSigner(secret: "another key").verify(token) == nil)
        #expect(Self.signer.verify("") == nil && Self.signer.verify("..") == nil && Self.signer.verify("a.b") == nil)
    }

    @Test func preparesLinksPixelFooterAndHeadersForCommercialEmail() {
        let html = #"<html><body><p><a href="https://shop.example/sale?x=1&amp;y=2">Sale</a> <a href='mailto:help@shop.example'>Mail</a></p></body></html>"#
        let prepared = Self.tracking.prepare(html: html, text: "Sale", message: Self.message, commercial: true, templateHasUnsubscribeLink: false)
        let links = Self.trackedLinks(prepared.html)
        #expect(links.count == 3)  // the sale link, the unsubscribe footer (kept as is), the pixel
        #expect(links[0].hasPrefix("t/c/"))
        let click = Self.signer.verify(String(links[0].dropFirst(4)).replacingOccurrences(of: "&amp;", with: "&"))
        #expect(click?.target == "https://shop.example/sale?x=1&y=2")
        #expect(links[1].hasPrefix("u/"))
        #expect(prepared.html.contains("mailto:help@shop.example"))
        #expect(prepared.html.contains(#"<img src="https://flint.example/t/o/"#))
        #expect(prepared.html.hasSuffix("</body></html>"))
        #expect(prepared.text.contains("Unsubscribe: https://flint.example/u/"))
        #expect(prepared.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        #expect(prepared.headers["List-Unsubscribe"] == "<\(Self.tracking.unsubscribeURL(for: Self.message))>")
        let transactional = Self.tracking.prepare(html: html, text: "Sale", message: Self.message, commercial: false, templateHasUnsubscribeLink: false)
        #expect(transactional.headers.isEmpty && !transactional.text.contains("Unsubscribe"))
    }

    /// Send, click (twice), open (three times), unsubscribe: counts for every one, each trigger once,
    /// and the click ends the run's wait for a click on its own email.
    @Test func clicksOpensAndUnsubscribeThroughTheEventLog() async throws {
        let harness = try await EngineHarness.make(tracking: Self.tracking)
        try await harness.run { harness in
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney([
                "name": "Tracked", "trigger": "signup",
                "steps": [
                    ["id": "offer", "type": "email", "subject": "Offer", "purpose": "commercial",
                     "html": #"<p><a href="https://shop.example/offer">Offer</a> <a href="{{unsubscribeUrl}}">Stop</a></p>"#],
                    ["id": "click", "type": "waitForTrigger", "trigger": "email_link_clicked", "timeout": "P2D", "matched": [], "timedOut": []],
                ],
            ])
            var ann = Customer(id: "ann", type: .contact)
            ann.email = "ann@example.com"
            ann.consent.email = ChannelConsent(commercial: true, transactional: true)
            _ = try await harness.customers.put(ann)
            try await harness.ingest("signup", authId: "ann", messageId: "m1")
            try await harness.dispatch()
            try await harness.eventually("the email went out and the run waits for a click") {
                try await harness.runs(journey).first?.status == .waiting
            }
            let email = try #require(harness.delivery.emails.first)
            let links = Self.trackedLinks(email.html)
            // The template's own {{unsubscribeUrl}}: no footer added; the offer link, the unsubscribe link, the pixel.
            #expect(links.count == 3)
            let service = TrackingService(signer: Self.signer, committer: harness.committer, customers: harness.customers, clock: harness.clock)
            let clickToken = String(links[0].dropFirst("t/c/".count))
            #expect(try await service.click(clickToken) == "https://shop.example/offer")
            #expect(try await service.click(clickToken) == "https://shop.example/offer")
            #expect(try await service.click(clickToken.replacingOccurrences(of: ".", with: "x")) == nil)
            let openToken = String(links[2].dropFirst("t/o/".count).dropLast(".gif".count))
            for _ in 0..<3 { #expect(try await service.open(openToken)) }
            #expect(try await service.open(clickToken) == false)
            try await harness.dispatch()
            try await harness.eventually("the click matched the run's wait") { try await harness.runs(journey).first?.status == .completed }
            let stats = try #require(try await harness.storage.runs.stats(journeyId: journey).steps["offer"])
            #expect((stats.clicks, stats.uniqueClicks, stats.opens, stats.uniqueOpens) == (2, 1, 3, 1))
            #expect(try await harness.storage.events.inspectorEntries(trigger: "email_link_clicked", limit: 10).filter { $0.verdict == .accepted }.count == 1)
            #expect(try await harness.storage.events.inspectorEntries(trigger: "email_opened", limit: 10).filter { $0.verdict == .accepted }.count == 1)
            // Unsubscribe withdraws commercial consent for that address and emits unsubscribed, once.
            let unsubscribeToken = String(links[1].dropFirst("u/".count))
            #expect(try await service.unsubscribe(unsubscribeToken)?.address == "ann@example.com")
            #expect(try await service.unsubscribe(unsubscribeToken) != nil)
            let after = try #require(try await harness.storage.customers.customer(type: .contact, id: "ann"))
            #expect(after.consent.email == ChannelConsent(commercial: false, transactional: true))
            let unsubscribed = try await harness.storage.events.inspectorEntries(trigger: "unsubscribed", limit: 10)
            #expect(unsubscribed.filter { $0.verdict == .accepted }.map(\.attributes["address"]) == [.string("ann@example.com")])
            #expect(email.headers["List-Unsubscribe"] == "<https://flint.example/\(links[1])>")
        }
    }

    /// A flood of opens costs memory, not writes: the first is committed with its event, repeats are
    /// counted and written together by the counter's flush.
    @Test func repeatOpensAreCountedInMemoryAndWrittenTogether() async throws {
        let harness = try await EngineHarness.make(tracking: Self.tracking)
        try await harness.run { harness in
            // The message's journey: a deleted journey's opens count for no stats.
            try await harness.readyTrigger("signup")
            let journey = try await harness.liveJourney(["name": "Tracked", "trigger": "signup", "steps": [["id": "hello", "type": "wait", "duration": "P1D"]]])
            var message = Self.message
            message.journeyId = journey
            let counter = TrackingCounter(committer: harness.committer, logger: .init(label: "test"))
            let service = TrackingService(
                signer: Self.signer, committer: harness.committer, customers: harness.customers, counter: counter, clock: harness.clock)
            let token = String(Self.tracking.pixelURL(for: message).dropFirst("https://flint.example/t/o/".count).dropLast(".gif".count))
            for _ in 0..<5 { #expect(try await service.open(token)) }
            let before = try await harness.storage.runs.stats(journeyId: journey).steps["hello"]
            #expect(before?.opens == 1)
            try await counter.flush()
            let after = try #require(try await harness.storage.runs.stats(journeyId: journey).steps["hello"])
            #expect((after.opens, after.uniqueOpens) == (5, 1))
            #expect(try await harness.storage.events.inspectorEntries(trigger: "email_opened", limit: 10).count == 1)
        }
    }
}
