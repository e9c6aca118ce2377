import FlintCore
import Foundation

/// `/triggers`: every trigger, searchable and paginated, with its kind, status, counts and journeys.
public enum TriggerListPage {
    public struct Listing: Sendable {
        public var triggers: [Trigger]
        public var query: String
        public var page: Int
        public var pageCount: Int
        public var total: Int
        public var mayCreate: Bool

        public init(triggers: [Trigger], query: String, page: Int, pageCount: Int, total: Int, mayCreate: Bool) {
            self.triggers = triggers
            self.query = query
            self.page = page
            self.pageCount = pageCount
            self.total = total
            self.mayCreate = mayCreate
        }
    }

    public static func render(_ listing: Listing, viewer: Layout.Viewer) -> HTML {
        let rows = listing.triggers.map(row)
        let create: HTML = listing.mayCreate ? "<a class=\"button primary\" href=\"/triggers/new\">+ New trigger</a>" : .empty
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No trigger matches.</p>"
            : """
            <table class="list">
            <caption class="visually-hidden">Triggers</caption>
            <thead><tr><th scope="col">Kind</th><th scope="col">Trigger</th><th scope="col">Status</th><th scope="col" class="number">Events</th><th scope="col" class="number">Rejected</th><th scope="col">Last event</th><th scope="col">Used in</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
        return Layout.page(
            title: "Triggers", viewer: viewer, section: .triggers,
            body: """
                <div class="heading"><h1>Triggers</h1>\(create)</div>
                <form class="search" method="get" action="/triggers" role="search">
                <label for="q">Search triggers</label>
                <input id="q" name="q" type="search" value="\(listing.query)" placeholder="Title or name">
                <button type="submit">Search</button>
                </form>
                <p class="count">\(listing.total) \(listing.total == 1 ? "trigger" : "triggers")</p>
                \(table)
                \(Pagination.render(page: listing.page, pageCount: listing.pageCount, path: "/triggers", query: listing.query))
                """)
    }

    static func row(_ trigger: Trigger) -> HTML {
        let usedIn = trigger.usedIn.map { usage -> HTML in "<a href=\"/journeys/\(usage.id)\">\(usage.name)</a>" }
        return """
            <tr data-trigger="\(trigger.name)">
            <td>\(TriggerBadges.kindIcon(trigger.definition.kind))</td>
            <td><a href="/triggers/\(trigger.name)" class="title">\(trigger.definition.title)</a><br><code>\(trigger.name)</code></td>
            <td>\(TriggerBadges.status(trigger.status))</td>
            <td class="number">\(trigger.eventCount)</td>
            <td class="number">\(trigger.rejectedCount)</td>
            <td>\(trigger.lastEventAt.map(Dates.display) ?? "Never")</td>
            <td>\(usedIn.isEmpty ? "—" : HTML.joined(usedIn, separator: ", "))</td>
            </tr>
            """
    }
}
