import FlintCore
import Foundation

/// `/journeys` and `/journeys/{id}`: the journeys with their status and counts; one journey's flow as a
/// diagram with per-step counts, publish and stop, and its runs looked up by customer with their traces.
public enum JourneyPages {
    public struct Row: Sendable {
        public var stored: StoredJourney
        public var stats: JourneyStats

        public init(stored: StoredJourney, stats: JourneyStats) {
            self.stored = stored
            self.stats = stats
        }
    }

    public static func list(_ rows: [Row], page: Int, pageCount: Int, mayCreate: Bool, viewer: Layout.Viewer) -> HTML {
        let body = rows.map { row -> HTML in
            """
            <tr><td><a href="/journeys/\(row.stored.id)">\(row.stored.name)</a></td><td><a href="/triggers/\(row.stored.trigger)"><code>\(row.stored.trigger)</code></a></td>
            <td>\(status(row.stored.status))</td><td class="number">\(row.stored.version)</td>
            <td class="number">\(row.stats.entered)</td><td class="number">\(row.stats.completed)</td></tr>
            """
        }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No journey yet.</p>"
            : """
            <table class="list"><caption class="visually-hidden">Journeys</caption>
            <thead><tr><th scope="col">Journey</th><th scope="col">Trigger</th><th scope="col">Status</th><th scope="col" class="number">Version</th><th scope="col" class="number">Entered</th><th scope="col" class="number">Completed</th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
        return Layout.page(
            title: "Journeys", viewer: viewer, section: .journeys,
            body: """
                <div class="heading"><h1>Journeys</h1>\(HTML.when(mayCreate, "<a class=\"button primary\" href=\"/journeys/new\">+ New journey</a>"))</div>
                \(table)
                \(Pagination.render(page: page, pageCount: pageCount, path: "/journeys", query: ""))
                """)
    }

    public struct Detail: Sendable {
        public var stored: StoredJourney
        public var definition: JourneyDefinition
        public var stats: JourneyStats
        /// The customer looked up, and their runs (newest first).
        public var authId: String?
        public var runs: [JourneyRun]
        public var mayEdit: Bool
        public var dryRun = DryRunSection.Input()

        public init(
            stored: StoredJourney, definition: JourneyDefinition, stats: JourneyStats, authId: String?, runs: [JourneyRun], mayEdit: Bool
        ) {
            self.stored = stored
            self.definition = definition
            self.stats = stats
            self.authId = authId
            self.runs = runs
            self.mayEdit = mayEdit
        }
    }

    public static func detail(_ detail: Detail, viewer: Layout.Viewer) -> HTML {
        let stored = detail.stored
        let path: HTML = "/journeys/\(stored.id)"
        let edit: HTML = HTML.when(detail.mayEdit, "<a class=\"button\" href=\"\(path)/edit\">Edit</a>")
        let change: HTML =
            stored.status == .live
            ? "<form method=\"post\" action=\"\(path)/stop\" class=\"inline\">\(Layout.csrfField(viewer.csrfToken))<button type=\"submit\" class=\"danger\">Stop</button></form>"
            : "<form method=\"post\" action=\"\(path)/publish\" class=\"inline\">\(Layout.csrfField(viewer.csrfToken))<button type=\"submit\" class=\"primary\">Publish</button></form>"
        let actions: HTML = detail.mayEdit ? edit + change : .empty
        let runs = detail.runs.map(run)
        let lookup: HTML = """
            <form method="get" action="\(path)" class="search" role="search">
            <label for="authId">Runs of customer</label>
            <input id="authId" name="authId" type="search" value="\(detail.authId ?? "")" placeholder="authId">
            <button type="submit">Look up</button>
            </form>
            """
        let runList: HTML =
            detail.authId == nil ? .empty : runs.isEmpty ? "<p class=\"empty\">No run for this customer.</p>" : HTML.joined(runs)
        return Layout.page(
            title: stored.name, viewer: viewer, section: .journeys,
            body: """
                <div class="heading"><h1>\(stored.name)</h1>\(status(stored.status))\(actions)</div>
                <p>Starts on <a href="/triggers/\(stored.trigger)"><code>\(stored.trigger)</code></a> · version \(stored.version) · \(detail.stats.entered) entered, \(detail.stats.completed) completed, \(detail.stats.exited) exited, \(detail.stats.failed) failed</p>
                <section class="diagram"><h2>Flow</h2><div class="diagram-scroll">\(JourneyDiagram.svg(for: detail.definition, stats: detail.stats))</div></section>
                \(HTML.when(detail.mayEdit, "<section><h2>Runs</h2>\(lookup)\(runList)</section>"))
                \(HTML.when(detail.mayEdit, DryRunSection.render(detail.dryRun, path: path, csrf: viewer.csrfToken)))
                """)
    }

    static func status(_ status: StoredJourney.Status) -> HTML {
        "<span class=\"status journey-\(status.rawValue)\">\(status.rawValue.capitalized)</span>"
    }

    static func run(_ run: JourneyRun) -> HTML {
        let entries = run.trace.map { entry -> HTML in
            "<tr><td>\(RFC3339.format(milliseconds: entry.at))</td><td>\(entry.step ?? "—")</td><td>\(entry.outcome.rawValue)</td><td>\(entry.detail)</td></tr>"
        }
        return """
            <article class="run" data-run="\(run.id)">
            <h3><code>\(run.id)</code> · \(run.status.rawValue) · started \(RFC3339.format(milliseconds: run.startedAt))</h3>
            <table class="list"><thead><tr><th scope="col">At</th><th scope="col">Step</th><th scope="col">Outcome</th><th scope="col">Detail</th></tr></thead><tbody>\(entries)</tbody></table>
            </article>
            """
    }
}
