extension TriggerDefinition {
    /// Reads a record trigger: `{"name", "title", "kind": "record", "entity", "on", "watchFields"}`. Its
    /// customer type and attributes come from the entity, so they are not given.
    static func parseRecordTrigger(_ reader: inout ObjectReader, entities: (String) -> EntityDefinition?) throws(FlintError) -> TriggerDefinition {
        for key in ["customerType", "attributes", "eventName"] where reader.has(key) {
            reader.report(key, "a record trigger takes its customer type and attributes from its entity, and no event name")
        }
        reader.rejectUnknownKeys(allowed: recordFields.union(["customerType", "attributes", "eventName"]))
        let name = reader.string("name", required: true, maxLength: 64)
        if let name, !isValidName(name) {
            reader.report("name", "must match ^[a-z][a-z0-9_]{0,63}$ (lower-case letters, digits and _, starting with a letter)")
        }
        let title = reader.string("title", required: true, maxLength: 200)
        let description = reader.optionalText("description", maxLength: 2000)
        var entity: EntityDefinition?
        if let entityName = reader.string("entity", required: true, maxLength: 64) {
            entity = entities(entityName)
            if entity == nil { reader.report("entity", "entity \"\(entityName)\" does not exist; declare it with PUT /api/v1/entities/\(entityName)") }
        }
        var changes: [RecordTriggerSource.Change] = RecordTriggerSource.Change.allCases
        if let list = reader.array("on") {
            changes = []
            for (index, item) in list.enumerated() {
                guard let text = item.stringValue, let change = RecordTriggerSource.Change(rawValue: text) else {
                    reader.report("on[\(index)]", "must be \"create\" or \"update\"")
                    continue
                }
                if !changes.contains(change) { changes.append(change) }
            }
            if list.isEmpty { reader.report("on", "must name at least one of \"create\", \"update\"") }
        }
        var watchFields: [String] = []
        for (index, item) in (reader.array("watchFields") ?? []).enumerated() {
            guard let field = item.stringValue else {
                reader.report("watchFields[\(index)]", "expected a field name, got \(item.typeDescription)")
                continue
            }
            if let entity, entity.field(named: field) == nil {
                let names = entity.fields.map(\.name).joined(separator: ", ")
                reader.report("watchFields[\(index)]", "\"\(field)\" is not a field of entity \(entity.name); its fields are \(names.isEmpty ? "none" : names)")
            } else if !watchFields.contains(field) {
                watchFields.append(field)
            }
        }
        if !watchFields.isEmpty, !changes.contains(.update) {
            reader.report("watchFields", "only updates watch fields; add \"update\" to on")
        }
        guard reader.problems.isEmpty, let name, let title, let entity else {
            throw FlintError(.invalidTrigger, "The trigger definition has \(problemCount(reader.problems))", details: reader.problems)
        }
        return TriggerDefinition(
            name: name, title: title, description: description, kind: .record, customerType: entity.customerType,
            attributes: entity.fields, source: RecordTriggerSource(entity: entity.name, on: changes, watchFields: watchFields))
    }
}
