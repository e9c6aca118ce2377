import FlintCore
import Foundation

/// `/keys`: the ingestion keys that still work; create (publishable with allowed origins, or secret),
/// rotate with a grace period, revoke. A secret key's value is shown once, right after it is made.
public enum KeysPage {
    /// A key just issued, shown once.
    public struct Issued: Sendable, Equatable {
        public var name: String
        public var value: String
        public var isSecret: Bool

        public init(name: String, value: String, isSecret: Bool) {
            self.name = name
            self.value = value
            self.isSecret = isSecret
        }
    }

    public static func render(
        keys: [IngestionKey], issued: Issued? = nil, errors: [String: String] = [:], typed: (name: String, origins: String) = ("", ""),
        viewer: Layout.Viewer
    ) -> HTML {
        let rows = keys.map { key -> HTML in row(key, csrf: viewer.csrfToken) }
        let issuedBox: HTML = issued.map { issued in
            let warning: HTML = HTML.when(
                issued.isSecret, "<p><strong>Copy it now: Flint keeps only its hash and cannot show it again.</strong> Use it from servers only.</p>")
            return """
                <section class="issued" role="status">
                <h2>Key \(issued.name) created</h2>
                \(warning)
                <pre><code id="issued-key">\(issued.value)</code></pre>
                <button type="button" data-copy="issued-key">Copy</button>
                </section>
                """
        } ?? .empty
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No ingestion key yet.</p>"
            : """
            <table class="list"><caption class="visually-hidden">Ingestion keys</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Key</th><th scope="col">Allowed origins</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(
            title: "Ingestion keys", viewer: viewer, section: .keys,
            body: """
                <h1>Ingestion keys</h1>
                \(issuedBox)
                <section>\(table)</section>
                <section>
                <h2>New key</h2>
                <form method="post" action="/keys" class="stack">
                \(Layout.csrfField(viewer.csrfToken))
                <label for="key-name">Name</label>
                <input id="key-name" name="name" type="text" required value="\(typed.name)"\(FormParts.describedBy("name", errors))>
                \(FormParts.fieldError("name", errors))
                <fieldset><legend>Kind</legend>
                <label class="choice"><input type="radio" name="kind" value="publishable" checked> Publishable: for web pages and apps; only the allowed origins may use it</label>
                <label class="choice"><input type="radio" name="kind" value="secret"> Secret: for servers; shown once, stored hashed</label>
                </fieldset>
                <label for="origins">Allowed origins (one per line, e.g. https://shop.example; publishable keys)</label>
                <textarea id="origins" name="allowedOrigins" rows="3"\(FormParts.describedBy("allowedOrigins", errors))>\(typed.origins)</textarea>
                \(FormParts.fieldError("allowedOrigins", errors))
                <div class="actions"><button type="submit" class="primary">Create key</button></div>
                </form>
                </section>
                """)
    }

    static func row(_ key: IngestionKey, csrf: String) -> HTML {
        let shown = key.publishableKey ?? key.prefix + "…"
        let expires = key.expiresAt.map(Dates.display) ?? "—"
        return """
            <tr data-key="\(key.id)">
            <td>\(key.name)</td><td>\(key.kind.rawValue)</td><td><code>\(shown)</code></td>
            <td>\(key.allowedOrigins.isEmpty ? "—" : key.allowedOrigins.joined(separator: ", "))</td>
            <td>\(Dates.display(key.createdAt))</td><td>\(expires)</td>
            <td>
            <form method="post" action="/keys/\(key.id)/rotate" class="inline">\(Layout.csrfField(csrf))
            <select id="grace-\(key.id)" name="graceSeconds" aria-label="After rotating, the old key keeps working for"><option value="0">no grace</option><option value="3600">1 hour</option><option value="86400" selected>1 day</option><option value="604800">7 days</option></select>
            <button type="submit">Rotate</button></form>
            <form method="post" action="/keys/\(key.id)/revoke" class="inline" data-confirm="Revoke this key? Clients using it stop at once.">\(Layout.csrfField(csrf))<button type="submit" class="danger">Revoke</button></form>
            </td>
            </tr>
            """
    }
}
