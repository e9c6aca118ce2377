import FlintCore
import Foundation

/// `/triggers/new`: the two kinds a marketer creates, typed attribute rows, and errors next to their
/// fields. Everything typed comes back on an error.
public enum TriggerFormPage {
    /// What the form holds (as typed, or empty).
    public struct Values: Sendable, Equatable {
        public struct Attribute: Sendable, Equatable {
            public var name: String
            public var type: String
            public var entity: String

            public init(name: String = "", type: String = "text", entity: String = "") {
                self.name = name
                self.type = type
                self.entity = entity
            }
        }

        public var kind = "custom"
        public var title = ""
        public var name = ""
        public var description = ""
        public var customerType = "contact"
        public var attributes: [Attribute] = [Attribute()]
        public var entity = ""
        public var on: Set<String> = ["create", "update"]
        public var watch = ""

        public init() {}

        /// The values of an existing trigger, for its edit form.
        public init(_ definition: TriggerDefinition) {
            kind = definition.kind == .record ? "record" : "custom"
            title = definition.title
            name = definition.name
            description = definition.description ?? ""
            customerType = definition.customerType.rawValue
            attributes = definition.attributes.map { Attribute(name: $0.name, type: $0.type.rawValue, entity: $0.entity ?? "") }
            entity = definition.source?.entity ?? ""
        }

        /// The values of a submitted form: attribute rows come as parallel lists of fields.
        public init(form: FormData) {
            kind = form["kind"] == "record" ? "record" : "custom"
            title = form["title"] ?? ""
            name = form["name"] ?? ""
            description = form["description"] ?? ""
            customerType = form["customerType"] ?? "contact"
            let names = form.all("attributeName")
            let types = form.all("attributeType")
            let entities = form.all("attributeEntity")
            // Rows left blank are dropped here, so the API's `attributes[i]` and the rows shown agree.
            attributes = names.indices.map { index in
                Attribute(
                    name: names[index], type: index < types.count ? types[index] : "text",
                    entity: index < entities.count ? entities[index] : "")
            }.filter { !$0.name.isEmpty || $0.type != "text" }
            entity = form["entity"] ?? ""
            on = Set(form.all("on"))
            watch = form["watch"] ?? ""
        }
    }

    static let attributeTypes: [(value: String, title: String)] = [
        ("text", "Text"), ("number", "Number"), ("boolean", "True or false"), ("datetime", "Date and time"),
        ("entityReference", "Entity reference"),
    ]

    /// - Parameters:
    ///   - errors: problems by field (`title`, `name`, `attributes[2].name`, `entity` …), shown beside them.
    ///   - entities: the declared entities, for entity references and record triggers.
    /// - Parameter editing: the edit form of an existing trigger: its name and kind are fixed, and a record
    ///   trigger's attributes follow its entity, so only its title, description and customer type change.
    public static func render(
        _ values: Values, errors: [String: String] = [:], message: String? = nil, entities: [String], editing: Bool = false,
        viewer: Layout.Viewer
    ) -> HTML {
        let rows = (values.attributes.isEmpty ? [Values.Attribute()] : values.attributes).enumerated().map { index, attribute in
            row(attribute, index: index, errors: errors, entities: entities)
        }
        let customerTypes = ["contact", "lead", "profile"].map { type -> HTML in
            "<option value=\"\(type)\"\(type == values.customerType ? " selected" : "")>\(type.capitalized)</option>"
        }
        let entityOptions = ([""] + entities).map { entity -> HTML in
            "<option value=\"\(entity)\"\(entity == values.entity ? " selected" : "")>\(entity.isEmpty ? "Choose an entity" : entity)</option>"
        }
        let kindChoice: HTML =
            editing
            ? "<input type=\"hidden\" name=\"kind\" value=\"\(values.kind)\">"
            : """
            <fieldset class="kinds">
            <legend>What starts it?</legend>
            <label class="choice"><input type="radio" name="kind" value="custom"\(values.kind == "custom" ? " checked" : "")> When a customer interacts with a website/app</label>
            <label class="choice"><input type="radio" name="kind" value="record"\(values.kind == "record" ? " checked" : "")> When a record related to a customer is created or updated</label>
            </fieldset>
            """
        let heading = editing ? "Edit \(values.title)" : "New trigger"
        let action: HTML = editing ? "/triggers/\(values.name)/edit" : "/triggers/new"
        let nameField: HTML =
            editing
            ? "<p>Name: <code>\(values.name)</code> (a trigger's name never changes)</p><input type=\"hidden\" name=\"name\" value=\"\(values.name)\">"
            : field(
                "name", "Name (letters, digits and underscores; used by developers)", values.name, errors,
                attributes: " required pattern=\"[a-z][a-z0-9_]*\"")
        let recordFields: HTML =
            editing
            ? "<p class=\"record-only\">Its attributes are the fields of the entity <code>\(values.entity)</code>.</p>"
            : """
            <fieldset class="record-only">
            <legend>Record</legend>
            <label for="entity">Entity</label>
            <select id="entity" name="entity"\(FormParts.describedBy("entity", errors))>\(entityOptions)</select>
            \(FormParts.fieldError("entity", errors))
            <label class="choice"><input type="checkbox" name="on" value="create"\(HTML.when(values.on.contains("create"), " checked"))> Fire when a record is created</label>
            <label class="choice"><input type="checkbox" name="on" value="update"\(HTML.when(values.on.contains("update"), " checked"))> Fire when a watched field changes</label>
            \(field("watch", "Watched fields (comma-separated; empty: any field)", values.watch, errors))
            </fieldset>
            """
        return Layout.page(
            title: heading, viewer: viewer, section: .triggers,
            body: """
                <h1>\(heading)</h1>
                \(FormParts.errorBox(message))
                <form method="post" action="\(action)" class="stack trigger-form" novalidate>
                \(Layout.csrfField(viewer.csrfToken))
                \(kindChoice)
                \(field("title", "Title", values.title, errors, attributes: " required data-suggests-name"))
                \(nameField)
                <label for="description">Description (optional)</label>
                <textarea id="description" name="description" rows="2">\(values.description)</textarea>
                <div class="custom-only stack">
                <label for="customerType">Customer type</label>
                <select id="customerType" name="customerType">\(customerTypes)</select>
                \(FormParts.fieldError("customerType", errors))
                </div>
                \(recordFields)
                <fieldset class="custom-only">
                <legend>Attributes</legend>
                \(FormParts.fieldError("attributes", errors))
                <ol class="attributes" id="attributes">\(rows)</ol>
                <template id="attribute-row">\(row(Values.Attribute(), index: nil, errors: [:], entities: entities))</template>
                <button type="button" class="secondary" data-add-row="attributes">Add attribute</button>
                </fieldset>
                <div class="actions"><button type="submit" class="primary">\(editing ? "Save changes" : "Create trigger")</button> <a href="/triggers">Cancel</a></div>
                </form>
                """)
    }

    static func field(_ name: String, _ label: String, _ value: String, _ errors: [String: String], attributes: HTML = .empty) -> HTML {
        """
        <label for="\(name)">\(label)</label>
        <input id="\(name)" name="\(name)" type="text" value="\(value)"\(attributes)\(FormParts.describedBy(name, errors))>
        \(FormParts.fieldError(name, errors))
        """
    }

    /// One attribute row; `index` nil for the template the "Add attribute" button copies.
    static func row(_ attribute: Values.Attribute, index: Int?, errors: [String: String], entities: [String]) -> HTML {
        let key = index.map { "attributes[\($0)]" } ?? "attributes[new]"
        let types = attributeTypes.map { type -> HTML in
            "<option value=\"\(type.value)\"\(type.value == attribute.type ? " selected" : "")>\(type.title)</option>"
        }
        let entityOptions = ([""] + entities).map { entity -> HTML in
            "<option value=\"\(entity)\"\(entity == attribute.entity ? " selected" : "")>\(entity.isEmpty ? "—" : entity)</option>"
        }
        let problem = errors[key + ".name"] ?? errors[key + ".type"] ?? errors[key + ".entity"] ?? errors[key]
        let errorId = "\(key)-error"
        let error: HTML = problem.map { "<p class=\"field-error\" id=\"\(errorId)\" role=\"alert\">\($0)</p>" } ?? .empty
        let described: HTML = problem == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(errorId)\""
        return """
            <li class="attribute-row">
            <label>Attribute name <input name="attributeName" type="text" value="\(attribute.name)"\(described)></label>
            <label>Data type <select name="attributeType">\(types)</select></label>
            <label>Entity <select name="attributeEntity">\(entityOptions)</select></label>
            <button type="button" class="remove" data-remove-row aria-label="Remove attribute">Remove</button>
            \(error)
            </li>
            """
    }
}
