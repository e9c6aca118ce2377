/// The type of a trigger attribute, which decides what a valid value is and which operators fit it.
public enum AttributeType: String, Sendable, Equatable, CaseIterable, Codable {
    /// A JSON string.
    case text
    /// A finite JSON number.
    case number
    /// JSON `true` or `false`.
    case boolean
    /// An RFC 3339 timestamp string.
    case datetime
    /// The non-empty id of a record of the attribute's `entity`.
    case entityReference
    /// Ids of records of the attribute's `entity` (an order's items); entity fields only.
    case entityReferenceList
}
