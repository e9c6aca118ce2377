import FlintCore

extension JourneyDiagram {
    /// A laid-out part of the diagram, measured once from the step tree. Edges enter a block at the
    /// middle of its top and leave at the middle of its bottom.
    struct Block {
        enum Content {
            /// One step's box.
            case box(StepBox)
            /// Blocks stacked top to bottom, joined by arrows; empty for a list without steps.
            case sequence([Block])
            /// A step's box and below it one labelled column per outcome, joined again at the bottom.
            case fork(StepBox, [Column])
        }

        /// One outcome of a fork: its label on the edge into it, and its steps.
        struct Column {
            var label: String
            var body: Block
        }

        var content: Content
        var width: Int
        var height: Int

        /// The steps of one list, top to bottom.
        static func sequence(_ steps: [Step], stats: JourneyStats?) -> Block {
            let blocks = steps.map { step($0, stats: stats) }
            let heights = blocks.reduce(0) { $0 + $1.height }
            return Block(
                content: .sequence(blocks), width: blocks.map(\.width).max() ?? Metrics.emptyColumnWidth,
                height: heights + Metrics.gap * max(0, blocks.count - 1))
        }

        /// One step: a box, or a fork for the steps that hold lists of steps.
        static func step(_ step: Step, stats: JourneyStats?) -> Block {
            let box = StepBox(step, counts: stats.map { $0.steps[step.id] ?? JourneyStats.StepCounts() })
            switch step.kind {
            case .branch(let branches, let otherwise):
                let columns = branches.map { Column(label: $0.label, body: sequence($0.steps, stats: stats)) }
                return fork(box, columns + [Column(label: "Otherwise", body: sequence(otherwise, stats: stats))])
            case .waitForTrigger(_, let timeout, let matched, let timedOut):
                return fork(box, [
                    Column(label: "matched", body: sequence(matched, stats: stats)),
                    Column(label: "timed out (after \(Words.duration(timeout)))", body: sequence(timedOut, stats: stats)),
                ])
            case .wait, .email, .sms, .webhook, .activateTrigger:
                return Block(content: .box(box), width: Metrics.boxWidth, height: box.height)
            }
        }

        /// `box` over `columns` side by side: as wide as the columns together, as tall as the tallest.
        static func fork(_ box: StepBox, _ columns: [Column]) -> Block {
            let tallest = columns.map(\.body.height).max() ?? 0
            return Block(
                content: .fork(box, columns), width: max(Metrics.boxWidth, columnsWidth(columns)),
                height: box.height + Metrics.forkHead + tallest + Metrics.joinDrop)
        }

        static func columnsWidth(_ columns: [Column]) -> Int {
            columns.reduce(0) { $0 + $1.body.width } + Metrics.columnGap * max(0, columns.count - 1)
        }

        var isEmpty: Bool {
            if case .sequence(let blocks) = content { blocks.isEmpty } else { false }
        }

        /// Draws the block with the middle of its top at (`centerX`, `top`).
        func draw(centerX: Int, top: Int, on canvas: inout Canvas) {
            switch content {
            case .box(let box):
                canvas.step(box, centerX: centerX, top: top)
            case .sequence(let blocks):
                var y = top
                for (index, block) in blocks.enumerated() {
                    if index > 0 { canvas.edge([(centerX, y - Metrics.gap), (centerX, y)], arrow: true) }
                    block.draw(centerX: centerX, top: y, on: &canvas)
                    y += block.height + Metrics.gap
                }
            case .fork(let box, let columns):
                canvas.step(box, centerX: centerX, top: top)
                drawColumns(columns, below: top + box.height, centerX: centerX, joinY: top + height, on: &canvas)
            }
        }

        /// A fork's columns: edges from the box's bottom (`boxBottom`) to each column through its label, the
        /// columns, and edges from each column's end to the join at `joinY`.
        private func drawColumns(_ columns: [Column], below boxBottom: Int, centerX: Int, joinY: Int, on canvas: inout Canvas) {
            let bus = boxBottom + Metrics.busDrop
            let labelTop = bus + Metrics.labelGap
            let labelBottom = labelTop + Metrics.labelHeight
            let columnsTop = boxBottom + Metrics.forkHead
            var left = centerX - Self.columnsWidth(columns) / 2
            for column in columns {
                let x = left + column.body.width / 2
                canvas.edge([(centerX, boxBottom), (centerX, bus), (x, bus), (x, labelTop)], arrow: false)
                canvas.label(column.label, centerX: x, top: labelTop, width: column.body.width)
                if column.body.isEmpty {
                    canvas.edge([(x, labelBottom), (x, joinY), (centerX, joinY)], arrow: false)
                } else {
                    canvas.edge([(x, labelBottom), (x, columnsTop)], arrow: true)
                    column.body.draw(centerX: x, top: columnsTop, on: &canvas)
                    canvas.edge([(x, columnsTop + column.body.height), (x, joinY), (centerX, joinY)], arrow: false)
                }
                left += column.body.width + Metrics.columnGap
            }
            canvas.join(centerX: centerX, y: joinY)
        }
    }
}
