import FlintCore

/// Gathers what a run's conditions and templates read: the entry event's attributes, the customer,
/// and the records the event's references point to (following up to five references), read when the
/// step runs. A record that does not exist is left out and named in ``JourneyData/missingRecords``, so
/// a condition on it is false, a template uses its default, and the trace says why.
public struct JourneyDataLoader: Sendable {
    let customers: any CustomerStore
    let records: any EntityStore
    let triggers: TriggerCatalog
    /// The declared entities; nil where no records are kept (references are then read untyped).
    let entities: EntityCatalog?

    public init(customers: any CustomerStore, records: any EntityStore, triggers: TriggerCatalog, entities: EntityCatalog?) {
        self.customers = customers
        self.records = records
        self.triggers = triggers
        self.entities = entities
    }

    /// The data for `journey`, for a run of `authId` whose entry event carried `attributes`; `customer`
    /// when the caller has read it already (one read for every journey an event starts).
    public func data(for journey: LiveJourney, attributes: JSONObject, authId: String, customer: Customer?? = nil) async throws -> JourneyData {
        let trigger = triggers.definition(named: journey.definition.trigger)
        let customerType = trigger?.customerType ?? .contact
        let known: Customer?
        if let customer { known = customer } else { known = try await customers.customer(type: customerType, id: authId) }
        var data = JourneyData(trigger: attributes, customer: known)
        guard let trigger else { return data }
        let schema = PathSchema(trigger: trigger, entities: { entities?.entity(named: $0) })
        for read in JourneyPaths.recordReads(of: journey.readPaths, schema: schema) {
            guard let id = data.value(at: "trigger." + read.prefix)?.stringValue, !id.isEmpty else { continue }
            if let record = try await records.record(entity: read.entity, id: id) {
                data.records[read.prefix] = record.fields
            } else {
                data.missingRecords.append("\(read.entity)/\(id)")
            }
        }
        // The records `{{#each}}` blocks repeat over, in list order, at most as many as a block shows.
        for list in JourneyPaths.listReads(of: journey.readPaths, schema: schema) {
            guard case .array(let ids)? = data.value(at: "trigger." + list.prefix) else { continue }
            var items: [JSONObject] = []
            for id in ids.prefix(Template.maximumRepetitions).compactMap(\.stringValue) {
                if let record = try await records.record(entity: list.entity, id: id) {
                    items.append(record.fields)
                } else {
                    data.missingRecords.append("\(list.entity)/\(id)")
                }
            }
            data.lists[list.prefix] = items
        }
        return data
    }
}
