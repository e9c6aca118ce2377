import FlintCore
import Foundation

extension JourneyDiagram {
    /// What a step's box says: its type, its id, a short detail, its counts, and the step in words for
    /// the box's `<title>`. The texts are whole; the canvas cuts them to the box.
    struct StepBox {
        /// The class naming the step's type, such as `step-email`.
        var kindClass: String
        var typeLabel: String
        var id: String
        var detail: String
        /// The step in a sentence or two, for assistive technology and as the tooltip.
        var summary: String
        /// The counts line (`1,234 reached · 1,200 sent`); nil without stats.
        var counts: String?

        var height: Int { Metrics.boxHeight + (counts == nil ? 0 : Metrics.lineHeight) }

        init(_ step: Step, counts: JourneyStats.StepCounts?) {
            let doing: String
            id = step.id
            switch step.kind {
            case .branch(let branches, _):
                (kindClass, typeLabel) = ("step-branch", "Branch")
                detail = branches.count == 1 ? "1 branch + otherwise" : "\(branches.count) branches + otherwise"
                let labels = branches.map { "“\($0.label)”" }.joined(separator: ", ")
                doing = "takes the first branch whose condition holds (\(labels)), else “Otherwise”"
            case .wait(.duration(let duration)):
                (kindClass, typeLabel) = ("step-wait", "Wait")
                detail = "Wait \(Words.duration(duration))"
                doing = "waits \(Words.duration(duration))"
            case .wait(.until(let milliseconds)):
                (kindClass, typeLabel) = ("step-wait", "Wait")
                detail = "Wait until \(RFC3339.format(milliseconds: milliseconds))"
                doing = "waits until \(RFC3339.format(milliseconds: milliseconds))"
            case .waitForTrigger(let trigger, let timeout, _, _):
                (kindClass, typeLabel) = ("step-wait-for-trigger", "Wait for trigger")
                detail = "Wait up to \(Words.duration(timeout)) for \(trigger)"
                doing = "waits up to \(Words.duration(timeout)) for \(trigger), then goes on “matched” or “timed out”"
            case .email(let email):
                (kindClass, typeLabel) = ("step-email", "Email")
                detail = email.subject.source
                doing = "sends an email with the subject “\(email.subject.source)”"
            case .sms(let sms):
                (kindClass, typeLabel) = ("step-sms", "SMS")
                detail = sms.text.source
                doing = "sends the text message “\(sms.text.source)”"
            case .webhook(let webhook):
                (kindClass, typeLabel) = ("step-webhook", "Webhook")
                detail = "\(webhook.method) \(Words.host(webhook.url))"
                doing = "calls \(webhook.method) on \(Words.host(webhook.url))"
            case .activateTrigger(let trigger, _):
                (kindClass, typeLabel) = ("step-activate-trigger", "Activate trigger")
                detail = "Activates \(trigger)"
                doing = "emits an event of \(trigger)"
            }
            let parts = counts.map(Words.counts)
            self.counts = parts?.joined(separator: " · ")
            summary = Words.truncated("\(typeLabel) step \(step.id): \(Words.flattened(doing)).", to: 300)
                + (parts.map { " " + $0.joined(separator: ", ") + "." } ?? "")
        }
    }

    /// The diagram's wording: numbers, durations, counts, and cutting text to a length.
    enum Words {
        /// `1234` as `1,234`, the same on every machine.
        static func number(_ value: Int) -> String {
            let digits = Array(String(value.magnitude))
            var grouped = value < 0 ? "-" : ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
                grouped.append(digit)
            }
            return grouped
        }

        /// `P2D` as `2 days`, `PT90M` as `1 hour 30 minutes`; in weeks only when the duration is whole weeks.
        static func duration(_ duration: ISODuration) -> String {
            let week: Int64 = 604_800
            if duration.seconds % week == 0 { return counted(duration.seconds / week, "week") }
            let units: [(seconds: Int64, name: String)] = [(86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")]
            var rest = duration.seconds
            var parts: [String] = []
            for unit in units where rest >= unit.seconds {
                parts.append(counted(rest / unit.seconds, unit.name))
                rest %= unit.seconds
            }
            return parts.isEmpty ? duration.text : parts.joined(separator: " ")
        }

        /// `2 days`, `1 day`.
        private static func counted(_ count: Int64, _ unit: String) -> String {
            "\(count) \(unit)\(count == 1 ? "" : "s")"
        }

        /// The counts worth showing: always how many reached the step, the others when not zero.
        static func counts(_ counts: JourneyStats.StepCounts) -> [String] {
            var parts = ["\(number(counts.reached)) reached"]
            if counts.sent != 0 { parts.append("\(number(counts.sent)) sent") }
            if counts.failed != 0 { parts.append("\(number(counts.failed)) failed") }
            if counts.skipped != 0 { parts.append("\(number(counts.skipped)) skipped") }
            if counts.opens != 0 { parts.append("\(number(counts.opens)) \(counts.opens == 1 ? "open" : "opens")") }
            if counts.clicks != 0 { parts.append("\(number(counts.clicks)) \(counts.clicks == 1 ? "click" : "clicks")") }
            return parts
        }

        /// How runs ended, for the end node: completed always, exited and failed when not zero.
        static func ends(_ stats: JourneyStats) -> [String] {
            var parts = ["\(number(stats.completed)) completed"]
            if stats.exited != 0 { parts.append("\(number(stats.exited)) exited") }
            if stats.failed != 0 { parts.append("\(number(stats.failed)) failed") }
            return parts
        }

        /// A webhook URL's host (and port), or the URL itself when it has none.
        static func host(_ url: String) -> String {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return url }
            return components.port.map { "\(host):\($0)" } ?? host
        }

        /// `text` on one line: runs of whitespace, line breaks included, as one space.
        static func flattened(_ text: String) -> String {
            text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }

        /// `text` when it has at most `limit` characters, else its start and "…" in `limit` characters.
        static func truncated(_ text: String, to limit: Int) -> String {
            guard text.count > limit else { return text }
            var start = text.prefix(max(0, limit - 1))
            while start.last?.isWhitespace == true { start.removeLast() }
            return start + "…"
        }
    }
}
