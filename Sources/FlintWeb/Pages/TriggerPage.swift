import FlintCore

/// `/triggers/{name}`: status and what to do next, the snippets for developers, the live inspector,
/// Ready to use, and the journeys that use the trigger.
public enum TriggerPage {
    /// One snippet tab.
    public struct Snippet: Sendable, Equatable {
        public var id: String
        public var title: String
        public var code: String
        public var fileName: String

        public init(id: String, title: String, code: String, fileName: String) {
            self.id = id
            self.title = title
            self.code = code
            self.fileName = fileName
        }
    }

    public struct Content: Sendable {
        public var trigger: Trigger
        public var snippets: [Snippet]
        /// Ingestion keys to show in the snippets: (id, label); the chosen one is `selectedKey`.
        public var keys: [(id: String, label: String)]
        public var selectedKey: String?
        public var entries: [InspectorEntry]
        public var mayEdit: Bool

        public init(
            trigger: Trigger, snippets: [Snippet], keys: [(id: String, label: String)], selectedKey: String?, entries: [InspectorEntry],
            mayEdit: Bool
        ) {
            self.trigger = trigger
            self.snippets = snippets
            self.keys = keys
            self.selectedKey = selectedKey
            self.entries = entries
            self.mayEdit = mayEdit
        }
    }

    public static func render(_ content: Content, viewer: Layout.Viewer) -> HTML {
        let trigger = content.trigger
        let definition = trigger.definition
        let path: HTML = "/triggers/\(trigger.name)"
        let ready: HTML =
            content.mayEdit && definition.kind != .builtin
            ? """
            <form method="post" action="\(path)/ready" class="inline" id="ready-form"\(trigger.status == .integrationVerified ? "" : " hidden")>\(Layout.csrfField(viewer.csrfToken))<button type="submit" class="primary">Ready to use</button></form>
            """ : .empty
        let attributes = definition.attributes.map { attribute -> HTML in
            let type = attribute.entity.map { "\(attribute.type.rawValue) → \($0)" } ?? attribute.type.rawValue
            return "<tr><td><code>\(attribute.name)</code></td><td>\(type)</td><td>\(attribute.required ? "Required" : "Optional")</td></tr>"
        }
        let usedIn = trigger.usedIn.map { usage -> HTML in "<li><a href=\"/journeys/\(usage.id)\">\(usage.name)</a> (\(usage.status))</li>" }
        let snippetSection: HTML = content.snippets.isEmpty ? .empty : snippets(content, path: path)
        let delete: HTML =
            content.mayEdit && definition.kind != .builtin
            ? """
            <form method="post" action="\(path)/delete" class="inline" data-confirm="Delete this trigger? Events already received are kept.">\(Layout.csrfField(viewer.csrfToken))<button type="submit" class="danger">Delete trigger</button></form>
            """ : .empty
        return Layout.page(
            title: definition.title, viewer: viewer, section: .triggers,
            body: """
                <div class="heading">\(TriggerBadges.kindIcon(definition.kind))<h1>\(definition.title)</h1></div>
                <p><code>\(trigger.name)</code> · \(definition.customerType.rawValue) · \(definition.description ?? "")</p>
                <section class="status-panel" aria-live="polite" data-live="\(path)/live">
                <h2>Status: <span id="trigger-status">\(TriggerBadges.status(trigger.status))</span></h2>
                <p id="trigger-guidance">\(TriggerBadges.guidance(trigger.status, kind: definition.kind))</p>
                <p><span id="event-count">\(trigger.eventCount)</span> events · <span id="rejected-count">\(trigger.rejectedCount)</span> rejected</p>
                \(ready)
                </section>
                <section><h2>Attributes</h2>
                <table class="list"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th></tr></thead><tbody>\(attributes)</tbody></table>
                </section>
                \(snippetSection)
                <section><h2>Recent events</h2>
                <table class="list inspector"><thead><tr><th scope="col">Received</th><th scope="col">Customer</th><th scope="col">Verdict</th><th scope="col">Problems</th></tr></thead>
                <tbody id="inspector-rows">\(content.entries.map(entryRow))</tbody></table>
                <p class="empty" id="inspector-empty"\(content.entries.isEmpty ? "" : " hidden")>No event yet.</p>
                </section>
                <section><h2>Used in</h2>\(usedIn.isEmpty ? HTML("<p>No journey uses this trigger yet.</p>") : "<ul>\(usedIn)</ul>")</section>
                \(delete)
                """)
    }

    static func snippets(_ content: Content, path: HTML) -> HTML {
        let tabs = content.snippets.enumerated().map { index, snippet -> HTML in
            """
            <button type="button" role="tab" id="tab-\(snippet.id)" aria-controls="panel-\(snippet.id)" aria-selected="\(index == 0 ? "true" : "false")"\(HTML.when(index != 0, " tabindex=\"-1\""))>\(snippet.title)</button>
            """
        }
        let panels = content.snippets.enumerated().map { index, snippet -> HTML in
            """
            <div role="tabpanel" id="panel-\(snippet.id)" aria-labelledby="tab-\(snippet.id)"\(index == 0 ? "" : " hidden")>
            <div class="snippet-actions"><button type="button" data-copy="code-\(snippet.id)">Copy</button> <a class="button" download="\(snippet.fileName)" href="\(path)/snippets/\(snippet.id)?key=\(content.selectedKey ?? "")">Download</a></div>
            <pre><code id="code-\(snippet.id)">\(snippet.code)</code></pre>
            </div>
            """
        }
        let keyOptions = content.keys.map { key -> HTML in
            "<option value=\"\(key.id)\"\(key.id == content.selectedKey ? " selected" : "")>\(key.label)</option>"
        }
        let keyChoice: HTML =
            keyOptions.isEmpty
            ? "<p>No ingestion key exists yet; the snippets show a placeholder. Create one under Ingestion keys.</p>"
            : """
            <form method="get" action="\(path)" class="inline"><label for="key">Ingestion key</label> <select id="key" name="key">\(keyOptions)</select> <button type="submit">Show</button></form>
            """
        return """
            <section class="snippets"><h2>Send it from your code</h2>
            \(keyChoice)
            <div role="tablist" aria-label="Languages" class="tabs">\(tabs)</div>
            \(panels)
            </section>
            """
    }

    static func entryRow(_ entry: InspectorEntry) -> HTML {
        let problems = entry.problems.map { problem -> HTML in "<li><code>\(problem.field)</code>: \(problem.problem)</li>" }
        return """
            <tr class="verdict-\(entry.verdict.rawValue)"><td>\(RFC3339.format(milliseconds: entry.receivedAt))</td><td>\(entry.authId ?? "—")</td><td>\(entry.verdict.rawValue)</td><td>\(HTML.when(!problems.isEmpty, "<ul>\(problems)</ul>"))</td></tr>
            """
    }
}
