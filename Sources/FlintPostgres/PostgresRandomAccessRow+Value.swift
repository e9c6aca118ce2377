import PostgresNIO

extension PostgresRow {
    /// The row's columns by name.
    var columns: PostgresRandomAccessRow { makeRandomAccess() }
}

extension PostgresRandomAccessRow {
    /// The column's value decoded as `T` (an optional `T` reads `NULL` as nil).
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
