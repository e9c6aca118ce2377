import FlintCore
import FlintEngine
import Hummingbird

/// Contacts, leads and profiles under `/api/v1/contacts`, `/leads`, `/profiles`.
struct CustomerController {
    let customers: CustomerService

    func addRoutes(to group: RouterGroup<AdminRequestContext>) {
        for (path, type) in [("contacts", CustomerType.contact), ("leads", .lead), ("profiles", .profile)] {
            group.put("\(path)/:id") { request, context in try await put(request, context, type) }
            group.get("\(path)/:id") { request, context in try await get(request, context, type) }
        }
    }

    func put(_ request: Request, _ context: AdminRequestContext, _ type: CustomerType) async throws -> Response {
        let customer = try Customer.parse(try await request.jsonBody(limit: 256 * 1024), id: try context.parameters.require("id"), type: type)
        let created = try await customers.put(customer)
        return .json(customer.json, status: created ? .created : .ok)
    }

    func get(_ request: Request, _ context: AdminRequestContext, _ type: CustomerType) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let customer = try await customers.customer(type: type, id: id) else { throw FlintError.notFound("The \(type.rawValue) \(id)") }
        return .json(customer.json, status: .ok)
    }
}
