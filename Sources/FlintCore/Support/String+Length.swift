extension String {
    /// Whether the string holds more than `limit` Unicode scalars (the unit Flint's length limits
    /// count). A scalar takes at least one UTF-8 byte, so a string of at most `limit` bytes (a count
    /// kept with the string) is answered without walking it.
    public func hasMoreScalars(than limit: Int) -> Bool {
        utf8.count > limit && unicodeScalars.count > limit
    }
}
