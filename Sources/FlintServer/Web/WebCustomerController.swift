import FlintCore
import FlintEngine
import FlintWeb
import Hummingbird

/// `/customers`: customer lookup with consent (saved through the same service as the API, so the
/// write goes through the group commit) and records by entity.
struct WebCustomerController {
    let customers: CustomerService
    let entities: EntityCatalog
    let records: RecordService
    let clock: any WallClock

    func addRoutes(to router: Router<FlintRequestContext>) {
        router.get("customers", use: show)
        // The customer is named in the form, not the path: ids come from senders and may hold `/`, `?` or `..`.
        router.post("customers/consent", use: saveConsent)
    }

    @Sendable func show(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()  // customer data is not a developer's
        let query = request.uri.queryParameters
        let lookup = try await lookup(
            type: query.get("type") ?? "contact", id: (query.get("id") ?? "").trimmingWhitespace(), entity: query.get("entity"),
            signedIn: signedIn)
        return WebResponse.html(CustomerPages.render(lookup, viewer: signedIn.viewer))
    }

    @Sendable func saveConsent(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let signedIn = try SignedIn(context)
        try signedIn.requireEditor()
        let form = try await WebForm.read(request, signedIn: signedIn)
        guard let type = CustomerType(rawValue: form["type"] ?? "") else { throw FlintError.notFound("Customer type") }
        let id = form.raw("id") ?? ""
        let on = { (name: String) in form[name] == "on" }
        // The consent alone, applied in the commit: attributes ingested meanwhile are kept.
        let change = ConsentChange(
            type: type, id: id, emailCommercial: on("email.commercial"), emailTransactional: on("email.transactional"),
            smsCommercial: on("sms.commercial"), smsTransactional: on("sms.transactional"), at: clock.now().millisecondsSince1970)
        guard try await customers.change(change) else { throw FlintError.notFound("Customer \(id)") }
        var lookup = try await lookup(type: type.rawValue, id: id, entity: nil, signedIn: signedIn)
        lookup.notice = "Consent saved."
        return WebResponse.html(CustomerPages.render(lookup, viewer: signedIn.viewer))
    }

    private func lookup(type: String, id: String, entity: String?, signedIn: SignedIn) async throws -> CustomerPages.Lookup {
        let declared = entities.all().sorted { $0.name < $1.name }
        var customer: Customer?
        var own: [(entity: String, records: [EntityRecord])] = []
        if let customerType = CustomerType(rawValue: type), !id.isEmpty, id.utf8.count <= 256 {
            customer = try await customers.customer(type: customerType, id: id)
            if customer != nil {
                for definition in declared where definition.customerType == customerType {
                    let found = try await records.records(entity: definition.name, customerId: id, limit: 20)
                    if !found.isEmpty { own.append((definition.name, found)) }
                }
            }
        }
        let chosen = entity.flatMap { name in declared.first { $0.name == name } } ?? declared.first
        var entityRecords: [EntityRecord] = []
        if let chosen { entityRecords = try await records.records(entity: chosen.name, customerId: nil, limit: 50) }
        return CustomerPages.Lookup(
            type: type, id: id, customer: customer, records: own, entities: declared.map(\.name), entity: chosen?.name ?? "",
            entityRecords: entityRecords, mayEdit: signedIn.user.role.mayEdit)
    }
}
