extension JourneyPaths {
    /// A record a path reads through: the reference at `prefix` (`order`, `order.store`, relative to
    /// `trigger.`) points to a record of `entity`.
    public struct RecordRead: Sendable, Hashable {
        public var prefix: String
        public var entity: String

        public init(prefix: String, entity: String) {
            self.prefix = prefix
            self.entity = entity
        }
    }

    /// The records `paths` read, each reference before the ones behind it. References to entities that
    /// are not declared are followed too; their fields are simply not typed.
    public static func recordReads(of paths: some Sequence<String>, schema: PathSchema) -> [RecordRead] {
        var reads: [RecordRead] = []
        var seen: Set<String> = []
        for path in paths where path.hasPrefix("trigger.") {
            let segments = path.split(separator: ".").dropFirst().map(String.init)
            guard segments.count >= 2, let attribute = schema.trigger.attribute(named: segments[0]),
                attribute.type == .entityReference, var entity = attribute.entity
            else { continue }
            for index in 1..<segments.count {
                let prefix = segments[..<index].joined(separator: ".")
                if seen.insert(prefix).inserted { reads.append(RecordRead(prefix: prefix, entity: entity)) }
                guard index < segments.count - 1, let field = schema.entities(entity)?.field(named: segments[index]),
                    field.type == .entityReference, let next = field.entity
                else { break }
                entity = next
            }
        }
        return reads.sorted { $0.prefix.count < $1.prefix.count }
    }

    /// The entities whose fields `paths` read, through references and lists (`lists` are the paths
    /// `{{#each}}` blocks repeat over, whose items' fields are read too).
    public static func entitiesRead(of paths: some Sequence<String>, lists: some Sequence<String>, schema: PathSchema) -> Set<String> {
        var entities = Set(recordReads(of: paths, schema: schema).map(\.entity))
        for list in lists {
            if let entity = listEntity(of: list, schema: schema) { entities.insert(entity) }
        }
        return entities
    }

    /// The entity whose records the list at `path` holds (an `entityReferenceList` attribute or field), or nil.
    public static func listEntity(of path: String, schema: PathSchema) -> String? {
        let segments = path.split(separator: ".").map(String.init)
        guard segments.count >= 2, segments[0] == "trigger", let attribute = schema.trigger.attribute(named: segments[1]) else { return nil }
        if segments.count == 2 { return attribute.type == .entityReferenceList ? attribute.entity : nil }
        guard attribute.type == .entityReference, var entity = attribute.entity else { return nil }
        for (index, name) in segments.dropFirst(2).enumerated() {
            guard let field = schema.entities(entity)?.field(named: name), let next = field.entity else { return nil }
            if index == segments.count - 3 { return field.type == .entityReferenceList ? next : nil }
            entity = next
        }
        return nil
    }

    /// The lists `{{#each}}` blocks repeat over: the list's path (relative to `trigger.`) and its entity.
    public static func listReads(of lists: some Sequence<String>, schema: PathSchema) -> [RecordRead] {
        var seen: Set<String> = []
        return lists.compactMap { path in
            guard seen.insert(path).inserted, let entity = listEntity(of: path, schema: schema) else { return nil }
            return RecordRead(prefix: String(path.dropFirst("trigger.".count)), entity: entity)
        }
    }

    /// The type at a path through references: `segments` are the path after `trigger.`, the first an
    /// entityReference attribute of the trigger.
    static func referencePathType(_ segments: [String], path: String, attribute: AttributeDefinition, schema: PathSchema) -> Result<AttributeType?, PathError> {
        guard segments.count - 1 <= PathSchema.maximumHops else {
            return .failure(PathError(
                path: path, message: "unknown path \"\(path)\": a path follows at most \(PathSchema.maximumHops) references"))
        }
        var entityName = attribute.entity ?? ""
        var holder = "\"\(attribute.name)\""
        for index in 1..<segments.count {
            // An entity that is not declared: its fields are read when the step runs, untyped.
            guard let entity = schema.entities(entityName) else { return .success(nil) }
            guard let field = entity.field(named: segments[index]) else {
                let names = entity.fields.map(\.name).joined(separator: ", ")
                return .failure(PathError(
                    path: path,
                    message: "unknown path \"\(path)\": \"\(segments[index])\" is not a field of entity \(entity.name) "
                        + "(\(holder) points to it); its fields are \(names.isEmpty ? "none" : names)"))
            }
            if index == segments.count - 1 { return .success(field.type) }
            if field.type == .entityReferenceList {
                return .failure(PathError(
                    path: path,
                    message: "unknown path \"\(path)\": \(entity.name).\(field.name) is a list; repeat over it with "
                        + "{{#each trigger.\(segments[..<(index + 1)].joined(separator: "."))}} … {{item.<field>}} … {{/each}}"))
            }
            guard field.type == .entityReference, let next = field.entity else {
                return .failure(PathError(
                    path: path,
                    message: "unknown path \"\(path)\": \(entity.name).\(field.name) is a \(field.type.rawValue) field, "
                        + "and only entityReference fields lead to another record"))
            }
            holder = "\(entity.name).\(field.name)"
            entityName = next
        }
        return .success(nil)
    }
}
