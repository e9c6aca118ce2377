import Foundation

extension InspectorEntry {
    /// Merges the accepted events and the other entries (rejected, duplicate), both newest first, into
    /// one newest-first list of at most `limit`; on equal times the others come first.
    public static func newestFirst(_ accepted: [InspectorEntry], _ others: [InspectorEntry], limit: Int) -> [InspectorEntry] {
        var merged: [InspectorEntry] = []
        merged.reserveCapacity(min(limit, accepted.count + others.count))
        var left = accepted[...]
        var right = others[...]
        while merged.count < limit, let next = pickNewer(&left, &right) { merged.append(next) }
        return merged
    }

    private static func pickNewer(_ left: inout ArraySlice<InspectorEntry>, _ right: inout ArraySlice<InspectorEntry>) -> InspectorEntry? {
        switch (left.first, right.first) {
        case (nil, nil): return nil
        case (.some, nil): return left.popFirst()
        case (nil, .some): return right.popFirst()
        case (.some(let a), .some(let b)): return a.receivedAt > b.receivedAt ? left.popFirst() : right.popFirst()
        }
    }

    /// A stored problems column (`[{"field": ..., "problem": ...}]`) read back.
    public static func storedProblems(_ text: String?) -> [Problem] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([Problem].self, from: Data(text.utf8))) ?? []
    }
}
