/// The members of a JSON object, in the order they arrived.
///
/// Event objects are small, so a flat array with linear lookup beats a hashed dictionary: no
/// hashing on parse, no sorting on output, and the sender's field order is kept. Equality ignores order.
public struct JSONObject: Sendable, Equatable, Sequence {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
    }

    public private(set) var members: [Member]

    public init() {
        members = []
    }

    /// An object from a dictionary, its keys sorted so the result does not depend on hashing.
    public init(_ dictionary: [String: JSONValue]) {
        members = dictionary.keys.sorted().map { Member(key: $0, value: dictionary[$0]!) }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// Sets every member of `other`, replacing values of keys already present.
    public mutating func merge(_ other: JSONObject) {
        for member in other { self[member.key] = member.value }
    }

    /// Appends a member without checking for an existing key; the parser checks duplicates itself.
    mutating func appendUnchecked(key: String, value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    mutating func reserveCapacity(_ capacity: Int) {
        members.reserveCapacity(capacity)
    }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    /// Same keys with equal values, in any order.
    public static func == (left: JSONObject, right: JSONObject) -> Bool {
        guard left.count == right.count else { return false }
        return left.members.allSatisfy { right[$0.key] == $0.value }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Literal order is kept; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
