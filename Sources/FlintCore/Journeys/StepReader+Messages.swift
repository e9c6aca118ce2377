extension StepReader {
    static let maximumSubjectLength = 500
    static let maximumBodyLength = 200_000
    static let maximumSMSLength = 1_600
    static let maximumHeaders = 50

    mutating func email(_ reader: inout ObjectReader) -> Step.Kind? {
        let subject = template(&reader, "subject", required: true, maxLength: Self.maximumSubjectLength)
        if let subject, subject.source.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            reader.report("subject", "must be one line (no line breaks)")
        }
        let html = template(&reader, "html", required: true, maxLength: Self.maximumBodyLength)
        for problem in html?.htmlProblems() ?? [] { reader.report("html", problem) }
        let text = template(&reader, "text", required: false, maxLength: Self.maximumBodyLength)
        let purpose = reader.enumeration("purpose", as: MessagePurpose.self, required: true)
        guard let subject, let html, let purpose else { return nil }
        return .email(EmailStep(subject: subject, html: html, text: text, purpose: purpose))
    }

    mutating func sms(_ reader: inout ObjectReader) -> Step.Kind? {
        let text = template(&reader, "text", required: true, maxLength: Self.maximumSMSLength)
        let purpose = reader.enumeration("purpose", as: MessagePurpose.self, required: true)
        guard let text, let purpose else { return nil }
        return .sms(SMSStep(text: text, purpose: purpose))
    }

    mutating func webhook(_ reader: inout ObjectReader) -> Step.Kind? {
        let url = reader.string("url", required: true, maxLength: 2_048)
        if let url, !WebhookStep.isValidURL(url) {
            reader.report("url", "must be an absolute http or https URL, such as https://example.com/hook")
        }
        let method = reader.string("method", maxLength: 16) ?? "POST"
        if !WebhookStep.methods.contains(method) {
            reader.report("method", "must be one of \(WebhookStep.methods.joined(separator: ", ")), got \"\(method)\"")
        }
        let headers = headers(&reader)
        let body = template(&reader, "body", required: false, maxLength: Self.maximumBodyLength)
        if let body, let problem = WebhookStep.bodyProblem(body) { reader.report("body", problem) }
        guard let url else { return nil }
        return .webhook(WebhookStep(url: url, method: method, headers: headers, body: body))
    }

    private mutating func headers(_ reader: inout ObjectReader) -> [String: String] {
        guard let value = reader.object["headers"], value != .null else { return [:] }
        guard case .object(let object) = value else {
            reader.report("headers", "expected an object of header names to values, got \(value.typeDescription)")
            return [:]
        }
        if object.count > Self.maximumHeaders { reader.report("headers", "at most \(Self.maximumHeaders) headers") }
        var headers: [String: String] = [:]
        var seen: Set<String> = []
        for member in object {
            let key = "headers.\(member.key)"
            if let problem = WebhookStep.headerNameProblem(member.key) {
                reader.report(key, problem)
            } else if !seen.insert(member.key.lowercased()).inserted {
                reader.report(key, "is given more than once (header names ignore case)")
            }
            guard case .string(let text) = member.value else {
                reader.report(key, "expected a string, got \(member.value.typeDescription)")
                continue
            }
            if let problem = WebhookStep.headerValueProblem(text) { reader.report(key, problem) }
            headers[member.key] = text
        }
        return headers
    }

    mutating func activateTrigger(_ reader: inout ObjectReader) -> Step.Kind? {
        let known = knownTrigger(&reader, "trigger")
        if let known, known.name == entryTriggerName {
            reader.report("trigger", "must differ from the journey's own trigger \"\(known.name)\", or the journey would start itself")
        } else if let known, known.kind == .builtin {
            reader.report("trigger", "\"\(known.name)\" is a built-in trigger, which only Flint itself emits")
        } else if let known, known.kind == .record {
            reader.report("trigger", "\"\(known.name)\" is a record trigger, which fires when its records are written")
        }
        // Attributes are checked against the target only when it may be activated at all.
        let target = reader.problems.contains { $0.field == reader.path + "trigger" } ? nil : known
        var attributes: [String: Template] = [:]
        switch reader.object["attributes"] {
        case .none, .some(.null):
            break
        case .some(.object(let object)):
            var map = ObjectReader(object, path: reader.path + "attributes.")
            for member in object {
                if let target, target.attribute(named: member.key) == nil {
                    let names = target.attributes.map(\.name).joined(separator: ", ")
                    let list = names.isEmpty ? "none" : names
                    map.report(member.key, "is not an attribute of trigger \"\(target.name)\"; its attributes are \(list)")
                } else if let value = template(&map, member.key, required: true, maxLength: 10_000) {
                    attributes[member.key] = value
                }
            }
            reader.append(map.problems)
        case .some(let other):
            reader.report("attributes", "expected an object of attribute names to templates, got \(other.typeDescription)")
        }
        if let target, reader.object["attributes"]?.objectValue != nil || !reader.has("attributes") {
            let given = reader.object["attributes"]?.objectValue?.keys ?? []
            let missing = target.attributes.filter { $0.required && !given.contains($0.name) }.map(\.name)
            if !missing.isEmpty {
                reader.report("attributes", "trigger \"\(target.name)\" requires \(missing.joined(separator: ", "))")
            }
        }
        guard let target else { return nil }
        return .activateTrigger(trigger: target.name, attributes: attributes)
    }

    /// A template field: parsed, and every path it reads checked against the entry trigger.
    mutating func template(_ reader: inout ObjectReader, _ key: String, required: Bool, maxLength: Int) -> Template? {
        guard let source = reader.string(key, required: required, maxLength: maxLength) else { return nil }
        let template: Template
        do {
            template = try Template.parse(source)
        } catch {
            reader.report(key, error.description)
            return nil
        }
        guard let schema else { return template }
        var reported: Set<String> = []
        for path in template.paths where reported.insert(path).inserted {
            if case .failure(let error) = JourneyPaths.type(of: path, schema: schema) {
                reader.report(key, error.message)
            }
        }
        for block in template.blocks {
            guard case .success(.entityReferenceList) = JourneyPaths.type(of: block.list, schema: schema),
                let entityName = JourneyPaths.listEntity(of: block.list, schema: schema)
            else {
                reader.report(key, "{{#each \(block.list)}} repeats over a list of records: an entityReferenceList field, such as trigger.order.items")
                continue
            }
            // The listed entity types the item paths when it is declared.
            guard let entity = schema.entities(entityName) else { continue }
            for path in block.itemPaths where path != "item" {
                let field = String(path.dropFirst("item.".count))
                if entity.field(named: field) == nil {
                    let names = entity.fields.map(\.name).joined(separator: ", ")
                    reader.report(key, "{{\(path)}}: \"\(field)\" is not a field of entity \(entity.name); its fields are \(names.isEmpty ? "none" : names)")
                }
            }
        }
        return template
    }
}
