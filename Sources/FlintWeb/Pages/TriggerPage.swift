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
        /// The trigger's developer links that still work, and the URL of one just made (shown once).
        public var developerLinks: [DeveloperLink] = []
        public var newLinkURL: String?

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

    /// The page a developer link opens: the trigger's snippets and live inspector, nothing else.
    public static func shared(_ content: Content, token: String) -> HTML {
        let path: HTML = "/d/\(token)"
        let definition = content.trigger.definition
        return Layout.page(
            title: definition.title, viewer: nil,
            body: """
                <div class="heading">\(TriggerBadges.kindIcon(definition.kind))<h1>\(definition.title)</h1></div>
                <p>Shared with you to integrate the trigger <code>\(content.trigger.name)</code>. This page shows its snippets and the events Flint receives.</p>
                \(statusPanel(content, path: path, ready: .empty))
                \(snippets(content, path: path, keyChoice: false))
                \(inspector(content))
                """)
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
        let snippetSection: HTML = snippets(content, path: path, keyChoice: true)
        let delete: HTML =
            content.mayEdit && definition.kind != .builtin
            ? """
            <a class="button" href="\(path)/edit">Edit trigger</a>
            <form method="post" action="\(path)/delete" class="inline" data-confirm="Delete this trigger? Events already received are kept.">\(Layout.csrfField(viewer.csrfToken))<button type="submit" class="danger">Delete trigger</button></form>
            """ : .empty
        return Layout.page(
            title: definition.title, viewer: viewer, section: .triggers,
            body: """
                <div class="heading">\(TriggerBadges.kindIcon(definition.kind))<h1>\(definition.title)</h1></div>
                <p><code>\(trigger.name)</code> · \(definition.customerType.rawValue) · \(definition.description ?? "")</p>
                \(statusPanel(content, path: path, ready: ready))
                <section><h2>Attributes</h2>
                <table class="list"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th></tr></thead><tbody>\(attributes)</tbody></table>
                </section>
                \(snippetSection)
                \(inspector(content))
                \(HTML.when(content.mayEdit && definition.kind == .custom, developerLinks(content, path: path, csrf: viewer.csrfToken)))
                <section><h2>Used in</h2>\(usedIn.isEmpty ? HTML("<p>No journey uses this trigger yet.</p>") : "<ul>\(usedIn)</ul>")</section>
                \(delete)
                """)
    }

    static func statusPanel(_ content: Content, path: HTML, ready: HTML) -> HTML {
        let trigger = content.trigger
        return """
            <section class="status-panel" aria-live="polite" data-live="\(path)/live">
            <h2>Status: <span id="trigger-status">\(TriggerBadges.status(trigger.status))</span></h2>
            <p id="trigger-guidance">\(TriggerBadges.guidance(trigger.status, kind: trigger.definition.kind))</p>
            <p><span id="event-count">\(trigger.eventCount)</span> events · <span id="rejected-count">\(trigger.rejectedCount)</span> rejected</p>
            \(ready)
            </section>
            """
    }

    static func inspector(_ content: Content) -> HTML {
        """
        <section><h2>Recent events</h2>
        <table class="list inspector"><thead><tr><th scope="col">Received</th><th scope="col">Customer</th><th scope="col">Verdict</th><th scope="col">Problems</th></tr></thead>
        <tbody id="inspector-rows">\(content.entries.map(entryRow))</tbody></table>
        <p class="empty" id="inspector-empty"\(HTML.when(!content.entries.isEmpty, " hidden"))>No event yet.</p>
        </section>
        """
    }

    static func developerLinks(_ content: Content, path: HTML, csrf: String) -> HTML {
        let rows = content.developerLinks.map { link -> HTML in
            """
            <li>Made by \(link.createdBy), works until \(RFC3339.format(milliseconds: link.expiresAt)) <form method="post" action="\(path)/links/\(link.id)/revoke" class="inline">\(Layout.csrfField(csrf))<button type="submit" class="danger">Revoke</button></form></li>
            """
        }
        let fresh: HTML = content.newLinkURL.map { url in
            """
            <div class="issued" role="status"><p>Send this link to the developer. It is shown once.</p><pre><code id="developer-link">\(url)</code></pre><button type="button" data-copy="developer-link">Copy</button></div>
            """
        } ?? .empty
        return """
            <section><h2>Developer links</h2>
            <p>A link shows this trigger's snippets and live events to someone without an account, until it expires or you revoke it.</p>
            \(fresh)
            \(HTML.when(!rows.isEmpty, "<ul class=\"links\">\(rows)</ul>"))
            <form method="post" action="\(path)/links" class="inline">\(Layout.csrfField(csrf))
            <label for="link-days">Works for</label><select id="link-days" name="days"><option value="1">1 day</option><option value="7" selected>7 days</option><option value="30">30 days</option></select>
            <button type="submit">Make a developer link</button></form>
            </section>
            """
    }

    static func snippets(_ content: Content, path: HTML, keyChoice showKeys: Bool) -> HTML {
        guard !content.snippets.isEmpty else { return .empty }
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
            !showKeys
            ? .empty
            : keyOptions.isEmpty
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
