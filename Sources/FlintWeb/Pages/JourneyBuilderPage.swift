import FlintCore

/// `/journeys/new` and `/journeys/{id}/edit`: the builder. The page carries the builder's schema and
/// the journey being edited as data attributes (escaped like every value); `/assets/builder.js` draws
/// the editor and writes the journey's JSON into the form's `definition` field on submit, which the
/// server checks with the API's own parser. Problems come back listed, with the journey as it was.
public enum JourneyBuilderPage {
    public static func render(
        title: String, action: String, schema: JSONValue, journey: JSONValue, problems: [Problem], message: String?, viewer: Layout.Viewer
    ) -> HTML {
        let problemList = problems.map { problem -> HTML in "<li><code>\(problem.field)</code>: \(problem.problem)</li>" }
        let errors: HTML =
            message == nil && problems.isEmpty
            ? .empty
            : """
            <div class="error-box" role="alert"><p class="error">\(message ?? "The journey is not valid")</p>\(HTML.when(!problemList.isEmpty, "<ul>\(problemList)</ul>"))</div>
            """
        return Layout.page(
            title: title, viewer: viewer, section: .journeys,
            body: """
                <h1>\(title)</h1>
                \(errors)
                <noscript><p class="error">The journey builder needs JavaScript. The API (POST /api/v1/journeys) takes the same journey as JSON.</p></noscript>
                <form method="post" action="\(action)" id="builder-form" class="stack">
                \(Layout.csrfField(viewer.csrfToken))
                <input type="hidden" name="definition" id="definition">
                <div id="builder" data-schema="\(schema.serialized())" data-journey="\(journey.serialized())"></div>
                <div class="actions"><button type="submit" class="primary">Save journey</button> <a href="/journeys">Cancel</a></div>
                </form>
                <script src="/assets/builder.js" defer></script>
                """)
    }
}
