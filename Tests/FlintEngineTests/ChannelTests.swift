import Crypto
import FlintCore
import Foundation
import Testing

@testable import FlintEngine

@Suite("Delivery retries")
struct RetryPolicyTests {
    @Test func backsOffExponentiallyUpToTheMaximum() {
        let policy = RetryPolicy(attempts: 6, initialDelay: .milliseconds(500), maximumDelay: .seconds(3))
        #expect((1...5).map { policy.delay(beforeRetry: $0) } == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(3)])
    }
}

@Suite("Channel details")
struct ChannelDetailTests {
    @Test func signsWebhooksAsDocumented() {
        let secret = Array("whsec_test".utf8)
        let signature = WebhookSender.signature(body: #"{"a":1}"#, timestamp: 1_795_000_000, secret: secret)
        let expected = HMAC<SHA256>.authenticationCode(for: Array(#"1795000000.{"a":1}"#.utf8), using: SymmetricKey(data: secret))
        #expect(signature == "t=1795000000,v1=" + expected.map { String(format: "%02x", $0) }.joined())
    }

    @Test func runIdsAreDeterministicAndDistinct() {
        let id = RunIdentity.runId(journeyId: "j", version: 1, authId: "ann", messageId: "m", receivedAt: 1_795_000_000_000)
        #expect(id == RunIdentity.runId(journeyId: "j", version: 1, authId: "ann", messageId: "m", receivedAt: 1_795_000_000_000))
        #expect(id.hasPrefix("run_01a1ee565e00") && id.count == 36)
        #expect(id != RunIdentity.runId(journeyId: "j", version: 2, authId: "ann", messageId: "m", receivedAt: 1_795_000_000_000))
        #expect(RunIdentity.runId(journeyId: "a:b", version: 1, authId: "c", messageId: "m", receivedAt: 0)
            != RunIdentity.runId(journeyId: "a", version: 1, authId: "b:c", messageId: "m", receivedAt: 0))
        // Later runs sort after earlier ones, so the run table's key takes appends.
        #expect(RunIdentity.runId(journeyId: "z", version: 9, authId: "zed", messageId: "z", receivedAt: 1_795_000_000_000)
            < RunIdentity.runId(journeyId: "a", version: 1, authId: "ann", messageId: "a", receivedAt: 1_795_000_000_001))
        #expect(RunIdentity.sendKey(runId: id, stepId: "hello") == id + ":hello")
    }

    @Test func makesPlainTextFromHTML() {
        #expect(PlainText.fromHTML("<p>Hi &lt;Ann&gt;</p><p>See <a href=\"x\">this</a> &amp; more</p>") == "Hi <Ann>\n\nSee this & more")
    }

    @Test func encodesSMSFormsSafely() {
        #expect(SMSSender.form(["To": "+1 555", "Body": "a&b=c ü"]) == "To=%2B1%20555&Body=a%26b%3Dc%20%C3%BC")
    }

    @Test(.timeLimit(.minutes(1)))  // a lost signal would hang the waits below: fail instead
    func aWakeSignalSentBeforeTheWaitIsKept() async {
        let signal = WakeSignal()
        signal.signal()
        await signal.wait()  // returns at once: the signal was pending
        let alarm = TimerAlarm()
        alarm.sleeping(until: 5_000)
        alarm.armed(dueAt: 9_000)  // later than what the service sleeps until: no wake-up
        alarm.armed(dueAt: 1_000)  // earlier: wakes it
        await alarm.signal.wait()
    }
}
