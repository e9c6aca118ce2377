import FlintCore

/// The journey page's dry run: a sample customer and event in, the path and the rendered messages out,
/// with nothing sent. Rendered email bodies are shown as source text, never as markup.
public enum DryRunSection {
    public struct Outcome: Sendable {
        public var status: String
        public var trace: [TraceEntry]
        public var messages: [JSONValue]

        public init(status: String, trace: [TraceEntry], messages: [JSONValue]) {
            self.status = status
            self.trace = trace
            self.messages = messages
        }
    }

    /// What was typed, and what came of it (an outcome or an error message).
    public struct Input: Sendable {
        public var authId: String
        public var attributes: String
        public var arriving: String
        public var outcome: Outcome?
        public var error: String?

        public init(authId: String = "", attributes: String = "{}", arriving: String = "", outcome: Outcome? = nil, error: String? = nil) {
            self.authId = authId
            self.attributes = attributes
            self.arriving = arriving
            self.outcome = outcome
            self.error = error
        }
    }

    static func render(_ input: Input, path: HTML, csrf: String) -> HTML {
        let result: HTML
        if let outcome = input.outcome {
            let steps = outcome.trace.map { entry -> HTML in
                "<li><code>\(entry.step ?? "—")</code> \(entry.outcome.rawValue)\(HTML.when(!entry.detail.isEmpty, ": \(entry.detail)"))</li>"
            }
            result = """
                <div class="dry-run-result" role="status"><h3>The run would end \(outcome.status)</h3><ol class="dry-run-path">\(steps)</ol>
                \(HTML.joined(outcome.messages.map(message)))</div>
                """
        } else {
            result = input.error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
        }
        return """
            <section class="dry-run"><h2>Dry run</h2>
            <p>Runs the journey for a sample event without sending anything or waiting.</p>
            <form method="post" action="\(path)/test" class="stack">\(Layout.csrfField(csrf))
            <label for="dry-auth">Customer (authId)</label><input id="dry-auth" name="authId" type="text" required value="\(input.authId)">
            <label for="dry-attributes">Event attributes (JSON)</label><textarea id="dry-attributes" name="attributes" rows="3">\(input.attributes)</textarea>
            <label for="dry-arriving">Triggers that arrive while it waits (comma-separated, optional)</label><input id="dry-arriving" name="arrivingTriggers" type="text" value="\(input.arriving)">
            <div class="actions"><button type="submit">Run the dry run</button></div>
            </form>
            \(result)
            </section>
            """
    }

    static func message(_ message: JSONValue) -> HTML {
        guard case .object(let object) = message else { return .empty }
        let rows = object.map { member -> HTML in
            let value: String =
                switch member.value {
                case .string(let text): text
                default: member.value.serialized()
                }
            return "<dt>\(member.key)</dt><dd><pre>\(value)</pre></dd>"
        }
        return "<dl class=\"dry-run-message\">\(rows)</dl>"
    }
}
