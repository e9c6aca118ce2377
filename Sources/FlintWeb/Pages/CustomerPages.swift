import FlintCore

/// `/customers`: look up a contact, lead or profile by id (consent shown and editable) with its records,
/// and list the records of an entity.
public enum CustomerPages {
    public struct Lookup: Sendable {
        public var type: String
        public var id: String
        public var customer: Customer?
        /// The customer's records by entity.
        public var records: [(entity: String, records: [EntityRecord])]
        public var entities: [String]
        /// The entity whose records are listed, and those records.
        public var entity: String
        public var entityRecords: [EntityRecord]
        public var mayEdit: Bool
        public var notice: String?

        public init(
            type: String, id: String, customer: Customer?, records: [(entity: String, records: [EntityRecord])], entities: [String],
            entity: String, entityRecords: [EntityRecord], mayEdit: Bool, notice: String? = nil
        ) {
            self.type = type
            self.id = id
            self.customer = customer
            self.records = records
            self.entities = entities
            self.entity = entity
            self.entityRecords = entityRecords
            self.mayEdit = mayEdit
            self.notice = notice
        }
    }

    public static func render(_ lookup: Lookup, viewer: Layout.Viewer) -> HTML {
        let types = ["contact", "lead", "profile"].map { type -> HTML in
            "<option value=\"\(type)\"\(HTML.when(type == lookup.type, " selected"))>\(type)</option>"
        }
        let entityOptions = lookup.entities.map { entity -> HTML in
            "<option value=\"\(entity)\"\(HTML.when(entity == lookup.entity, " selected"))>\(entity)</option>"
        }
        let found: HTML
        if let customer = lookup.customer {
            found = card(customer, records: lookup.records, mayEdit: lookup.mayEdit, csrf: viewer.csrfToken)
        } else if !lookup.id.isEmpty {
            found = "<p class=\"empty\" role=\"status\">No \(lookup.type) with the id <code>\(lookup.id)</code>.</p>"
        } else {
            found = .empty
        }
        let entitySection: HTML =
            lookup.entities.isEmpty
            ? "<p>No entity is declared yet (PUT /api/v1/entities/{entity}).</p>"
            : """
            <form method="get" action="/customers" class="search"><label for="entity">Entity</label>
            <select id="entity" name="entity">\(entityOptions)</select><button type="submit">Show records</button></form>
            \(recordTable(lookup.entityRecords, showCustomer: true))
            """
        return Layout.page(
            title: "Customers", viewer: viewer, section: .customers,
            body: """
                <h1>Customers and records</h1>
                \(lookup.notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? .empty)
                <section><h2>Find a customer</h2>
                <form method="get" action="/customers" class="search" role="search">
                <label for="type">Type</label><select id="type" name="type">\(types)</select>
                <label for="customer-id">Id</label><input id="customer-id" name="id" type="search" value="\(lookup.id)">
                <button type="submit">Find</button></form>
                \(found)
                </section>
                <section><h2>Records by entity</h2>\(entitySection)</section>
                """)
    }

    static func card(_ customer: Customer, records: [(entity: String, records: [EntityRecord])], mayEdit: Bool, csrf: String) -> HTML {
        let name = [customer.firstName, customer.lastName].compactMap { $0 }.joined(separator: " ")
        let attributes = customer.attributes.map { member -> HTML in "<dt>\(member.key)</dt><dd>\(member.value.serialized())</dd>" }
        let box = { (channel: String, purpose: String, on: Bool) -> HTML in
            "<label class=\"choice\"><input type=\"checkbox\" name=\"\(channel).\(purpose)\" value=\"on\"\(HTML.when(on, " checked"))\(HTML.when(!mayEdit, " disabled"))> \(channel == "email" ? "Email" : "SMS"), \(purpose)</label>"
        }
        let consent = customer.consent
        let save: HTML = HTML.when(mayEdit, "<button type=\"submit\">Save consent</button>")
        let recordSections = records.map { group -> HTML in "<h4>\(group.entity)</h4>\(recordTable(group.records, showCustomer: false))" }
        return """
            <article class="customer">
            <h3>\(name.isEmpty ? customer.id : name) <code>\(customer.type.rawValue)/\(customer.id)</code></h3>
            <dl><dt>Email</dt><dd>\(customer.email ?? "—")</dd><dt>Phone</dt><dd>\(customer.phone ?? "—")</dd>\(attributes)</dl>
            <form method="post" action="/customers/consent">\(Layout.csrfField(csrf))
            <input type="hidden" name="type" value="\(customer.type.rawValue)"><input type="hidden" name="id" value="\(customer.id)">
            <fieldset><legend>Consent</legend>
            \(box("email", "commercial", consent.email.commercial)) \(box("email", "transactional", consent.email.transactional))
            \(box("sms", "commercial", consent.sms.commercial)) \(box("sms", "transactional", consent.sms.transactional))
            </fieldset>\(save)</form>
            \(HTML.when(!records.isEmpty, "<h3>Records</h3>"))\(HTML.joined(recordSections))
            </article>
            """
    }

    static func recordTable(_ records: [EntityRecord], showCustomer: Bool) -> HTML {
        guard !records.isEmpty else { return "<p class=\"empty\">No record.</p>" }
        let rows = records.map { record -> HTML in
            let customer: HTML = HTML.when(showCustomer, "<td>\(record.customerId)</td>")
            return "<tr><td><code>\(record.id)</code></td>\(customer)<td>\(record.version)</td><td><code>\(JSONValue.object(record.fields).serialized())</code></td></tr>"
        }
        let customerHead: HTML = HTML.when(showCustomer, "<th scope=\"col\">Customer</th>")
        return """
            <table class="list"><thead><tr><th scope="col">Id</th>\(customerHead)<th scope="col">Version</th><th scope="col">Fields</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }
}
