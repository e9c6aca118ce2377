/// A kind of record customers own (orders, bookings, tickets): a schema of typed fields, like a table.
///
/// Field types and rules are those of trigger attributes; a record trigger's attributes are its
/// entity's fields.
public struct EntityDefinition: Sendable, Equatable {
    /// Follows the trigger-name pattern, `^[a-z][a-z0-9_]{0,63}$`.
    public var name: String
    public var title: String
    /// Who a record's `customerId` identifies.
    public var customerType: CustomerType
    public var fields: [AttributeDefinition]

    public init(name: String, title: String, customerType: CustomerType = .contact, fields: [AttributeDefinition] = []) {
        self.name = name
        self.title = title
        self.customerType = customerType
        self.fields = fields
    }

    /// Names a record trigger's event carries besides the fields, so no field may take them.
    public static let reservedFieldNames: Set<String> = TriggerDefinition.reservedNames.union(["previous", "changedFields"])

    public func field(named name: String) -> AttributeDefinition? {
        fields.first { $0.name == name }
    }
}
