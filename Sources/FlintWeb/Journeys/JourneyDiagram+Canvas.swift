extension JourneyDiagram {
    /// The SVG elements drawn so far, in two layers: edges below and nodes above, so boxes cover the
    /// ends of the lines that meet them. Texts are cut to the width they are drawn in.
    struct Canvas {
        typealias Point = (x: Int, y: Int)

        private(set) var edges = HTML.empty
        private(set) var nodes = HTML.empty

        /// A line through `points`, with an arrowhead at the last one when `arrow`.
        mutating func edge(_ points: [Point], arrow: Bool) {
            let path = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\($0.element.x) \($0.element.y)" }.joined()
            let marker: HTML = arrow ? " marker-end=\"url(#\(arrowID))\"" : ""
            edges += "<path class=\"edge\" d=\"\(path)\" fill=\"none\" stroke=\"\(Colors.line)\" stroke-width=\"1.5\"\(marker)/>"
        }

        /// A fork column's label, centred in the column's `width` with its line box at `top`.
        mutating func label(_ text: String, centerX: Int, top: Int, width: Int) {
            nodes += self.text(
                text, className: "fork-label", centerX: centerX, baseline: top + Metrics.labelHeight - 3, width: width,
                fontSize: 11, fill: Colors.muted)
        }

        /// The dot where a fork's columns meet again.
        mutating func join(centerX: Int, y: Int) {
            nodes += "<circle class=\"join\" cx=\"\(centerX)\" cy=\"\(y)\" r=\"4\" fill=\"\(Colors.line)\"/>"
        }

        /// A step's box with the middle of its top at (`centerX`, `top`).
        mutating func step(_ box: StepBox, centerX: Int, top: Int) {
            let width = Metrics.boxWidth
            var lines = [
                text(box.typeLabel, className: "step-type", centerX: centerX, baseline: top + 18, width: width, fontSize: 12, bold: true),
                text(box.id, className: "step-id", centerX: centerX, baseline: top + 34, width: width, fontSize: 11, fill: Colors.muted),
                text(box.detail, className: "step-detail", centerX: centerX, baseline: top + 50, width: width, fontSize: 12),
            ]
            if let counts = box.counts {
                lines.append(
                    text(counts, className: "count", centerX: centerX, baseline: top + 66, width: width, fontSize: 11, fill: Colors.muted,
                         squeeze: true))
            }
            nodes += """
                <g class="step \(box.kindClass)" data-step="\(box.id)"><title>\(box.summary)</title>\
                <rect x="\(centerX - width / 2)" y="\(top)" width="\(width)" height="\(box.height)" rx="8" \
                fill="\(Colors.box)" stroke="\(Colors.line)"/>\(lines)</g>
                """
        }

        /// The start or end node: a pill with `label` and, below it, a line of `counts` when there are any;
        /// returns its height.
        mutating func terminal(className: String, label: String, counts: [String], centerX: Int, top: Int) -> Int {
            let width = Metrics.terminalWidth
            var lines = [
                text(label, className: "\(className)-label", centerX: centerX, baseline: top + 22, width: width, fontSize: 12, bold: true)
            ]
            if !counts.isEmpty {
                lines.append(
                    text(counts.joined(separator: " · "), className: "count", centerX: centerX, baseline: top + 22 + Metrics.lineHeight,
                         width: width, fontSize: 11, fill: Colors.muted, squeeze: true))
            }
            let height = 20 + Metrics.lineHeight * lines.count
            let title = counts.isEmpty ? label : "\(label): \(counts.joined(separator: ", "))"
            nodes += """
                <g class="\(className)"><title>\(title)</title>\
                <rect x="\(centerX - width / 2)" y="\(top)" width="\(width)" height="\(height)" rx="\(min(height / 2, 18))" \
                fill="\(Colors.terminal)" stroke="\(Colors.line)"/>\(lines)</g>
                """
            return height
        }

        /// One line of text centred on `centerX`. Text longer than fits in `width` is cut with "…", or, when
        /// `squeeze` (counts, which must stay whole), drawn narrower with `textLength`.
        private func text(
            _ text: String, className: String, centerX: Int, baseline: Int, width: Int, fontSize: Int,
            fill: String = Colors.ink, bold: Bool = false, squeeze: Bool = false
        ) -> HTML {
            let room = width - 2 * Metrics.padding
            // An average character is about 0.55 em wide in a sans-serif face.
            let fitting = room * 20 / (fontSize * 11)
            let flat = Words.flattened(text)
            var content = Words.truncated(flat, to: fitting)
            var fit = HTML.empty
            if squeeze, flat.count > fitting {
                content = flat
                fit = " textLength=\"\(room)\" lengthAdjust=\"spacingAndGlyphs\""
            }
            let weight: HTML = bold ? " font-weight=\"600\"" : ""
            return """
                <text class="\(className)" x="\(centerX)" y="\(baseline)" text-anchor="middle" font-size="\(fontSize)"\(weight) \
                fill="\(fill)"\(fit)>\(content)</text>
                """
        }
    }
}
