extension AsyncSequence {
    /// The first element, or nil; reads no further.
    func first() async throws -> Element? {
        for try await element in self { return element }
        return nil
    }

    /// Every element, in order.
    func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await element in self { all.append(element) }
        return all
    }
}
