import FlintCore

/// The small HTML pages of the unsubscribe link. The one value shown, the address, is escaped.
enum UnsubscribePage {
    static func confirm(address: String, action: String) -> String {
        page(
            "Unsubscribe",
            """
            <p>Stop marketing email to <strong>\(escape(address))</strong>?</p>
            <form method="post" action="\(escape(action))"><button type="submit">Unsubscribe</button></form>
            <p class="note">You will still get messages about your account and orders.</p>
            """)
    }

    static func done(address: String) -> String {
        page("Unsubscribed", "<p><strong>\(escape(address))</strong> will get no more marketing email.</p>")
    }

    static let invalid = page("Link not valid", "<p>This unsubscribe link is not valid. Use the link from the email itself.</p>")

    private static func page(_ title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
        button{font:inherit;padding:.5rem 1.25rem}.note{color:#666;font-size:.9rem}</style></head>
        <body><h1>\(title)</h1>
        \(body)
        </body></html>
        """
    }

    private static func escape(_ text: String) -> String {
        LinkRewriter.escapeAttribute(text)
    }
}
