/// A condition on a journey run's data: a comparison, or `all` / `any` / `not` of conditions.
public indirect enum Condition: Sendable, Equatable {
    /// `{"attribute": PATH, "op": OP, "value": V}`; `value` is absent for unary operators.
    case compare(path: String, op: ConditionOperator, value: JSONValue?)
    case all([Condition])
    case any([Condition])
    case not(Condition)
}

/// The comparison operators, each fitting some attribute types.
public enum ConditionOperator: String, Sendable, Equatable, CaseIterable {
    case equals, notEquals, contains, startsWith, endsWith
    case lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual
    case isTrue, isFalse
    case before, on, after
    case exists, notExists
    /// Lists of records (`entityReferenceList`): empty or not, and how many.
    case isEmpty, isNotEmpty, countEquals, countGreaterThan, countLessThan

    /// The attribute types this operator can compare; `exists` and `notExists` fit every type.
    public var applicableTypes: Set<AttributeType> {
        switch self {
        case .equals, .notEquals: [.text, .number, .entityReference]
        case .contains, .startsWith, .endsWith: [.text, .entityReference]
        case .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual: [.number]
        case .isTrue, .isFalse: [.boolean]
        case .before, .on, .after: [.datetime]
        case .exists, .notExists: Set(AttributeType.allCases)
        case .isEmpty, .isNotEmpty, .countEquals, .countGreaterThan, .countLessThan: [.entityReferenceList]
        }
    }

    /// Whether the operator takes no `value`.
    public var isUnary: Bool {
        switch self {
        case .isTrue, .isFalse, .exists, .notExists, .isEmpty, .isNotEmpty: true
        default: false
        }
    }
}
