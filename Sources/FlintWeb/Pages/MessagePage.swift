/// A page that only says something: an error (not found, forbidden, a form that expired), or a notice.
public enum MessagePage {
    public static func render(title: String, message: String, status: Int, viewer: Layout.Viewer?) -> HTML {
        let back: HTML = viewer == nil ? "<a href=\"/sign-in\">Sign in</a>" : "<a href=\"/triggers\">Back to triggers</a>"
        return Layout.page(
            title: title, viewer: viewer,
            body: """
                <section class="message" data-status="\(status)">
                <h1>\(title)</h1>
                <p>\(message)</p>
                <p>\(back)</p>
                </section>
                """)
    }
}
