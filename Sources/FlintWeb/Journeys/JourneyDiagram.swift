import FlintCore

/// A journey's flow as an inline SVG for the journey page: the trigger at the top, the steps top to
/// bottom, and branches and trigger waits as columns side by side that join again below.
///
/// The layout comes from the step tree alone, without measuring text: boxes have fixed sizes and texts
/// are cut to fit them. Every element has a class and its colours are presentation attributes, so the
/// page's CSS can restyle it without inline styles, which its Content-Security-Policy refuses.
public enum JourneyDiagram {
    /// The journey's flow as an inline `<svg>` element: the trigger at the top, then the steps top to bottom.
    ///
    /// With `stats`, each box shows its step's counts, the start node how many entered and the end node
    /// how runs ended. The element ids it uses (``titleID``, ``arrowID``) assume one diagram per page.
    public static func svg(for definition: JourneyDefinition, stats: JourneyStats?) -> HTML {
        let flow = Block.sequence(definition.steps, stats: stats)
        let width = max(flow.width, Metrics.terminalWidth) + 2 * Metrics.margin
        let centerX = width / 2
        var canvas = Canvas()
        var y = Metrics.margin
        let entered = stats.map { ["\(Words.number($0.entered)) entered"] } ?? []
        y += canvas.terminal(className: "start", label: "When \(definition.trigger) fires", counts: entered, centerX: centerX, top: y)
        if !definition.steps.isEmpty {
            canvas.edge([(centerX, y), (centerX, y + Metrics.gap)], arrow: true)
            y += Metrics.gap
            flow.draw(centerX: centerX, top: y, on: &canvas)
            y += flow.height
        }
        canvas.edge([(centerX, y), (centerX, y + Metrics.gap)], arrow: true)
        y += Metrics.gap
        y += canvas.terminal(className: "end", label: "End", counts: stats.map(Words.ends) ?? [], centerX: centerX, top: y)
        let height = y + Metrics.margin
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="journey-diagram" role="img" aria-labelledby="\(titleID)" \
            viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" font-family="system-ui, sans-serif">\
            <title id="\(titleID)">Flow of the journey “\(definition.name)”</title>\
            <defs><marker id="\(arrowID)" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" \
            orient="auto-start-reverse"><path class="edge-arrow" d="M0 0L10 5L0 10z" fill="\(Colors.line)"/></marker></defs>\
            <g class="edges">\(canvas.edges)</g><g class="nodes">\(canvas.nodes)</g></svg>
            """
    }

    /// The id of the diagram's `<title>`, which names the journey.
    static let titleID = "journey-diagram-title"
    /// The id of the arrowhead marker edges end in.
    static let arrowID = "journey-diagram-arrow"

    /// Sizes in SVG user units (pixels at scale 1); widths are even so centres fall on whole units.
    enum Metrics {
        /// Space around the drawing.
        static let margin = 16
        static let boxWidth = 280
        /// A step box with its three lines (type, id, detail); a counts line adds ``lineHeight``.
        static let boxHeight = 60
        static let lineHeight = 16
        /// Room inside a box or column for text, left and right.
        static let padding = 8
        /// The start and end nodes.
        static let terminalWidth = 280
        /// From one box's bottom to the next box's top, where the arrow runs.
        static let gap = 28
        /// Between the columns of a fork.
        static let columnGap = 24
        /// A fork column without steps, wide enough for its label.
        static let emptyColumnWidth = 200
        /// From a fork's box down to the bar its columns branch off.
        static let busDrop = 14
        /// Between the bar and a column's label, above and below the label's line box.
        static let labelGap = 5
        static let labelHeight = 14
        /// From a column's label down to its first box (the arrow).
        static let columnDrop = 18
        /// From the tallest column's bottom down to the bar where the columns join.
        static let joinDrop = 18

        /// From a fork's box bottom to the top of its columns.
        static var forkHead: Int { busDrop + labelGap + labelHeight + labelGap + columnDrop }
    }

    /// The default colours; CSS on the classes overrides them.
    enum Colors {
        static let ink = "#1f2937"
        static let muted = "#6b7280"
        static let line = "#9ca3af"
        static let box = "#ffffff"
        static let terminal = "#f3f4f6"
    }
}
