import FlintCore
import Foundation

/// `POST /api/v1/journeys/{id}/test`: walks a journey for given attributes and customer, showing the
/// path it would take and the messages it would render, with nothing sent and no time waited.
public struct JourneyDryRun: Sendable {
    public struct Result: Sendable {
        public var trace: [TraceEntry]
        /// Each message step reached, rendered: `{"step", "channel", ..., "to", "wouldSend", "reason"}`.
        public var messages: [JSONValue]
        public var status: JourneyRun.Status
    }

    let triggers: TriggerCatalog
    let loader: JourneyDataLoader

    /// - Parameter arrivingTriggers: triggers that arrive while the run waits for them; others time out.
    public func run(
        _ journey: LiveJourney, authId: String, attributes: JSONObject, arrivingTriggers: Set<String>, now: Int64
    ) async throws -> Result {
        let customerType = triggers.definition(named: journey.definition.trigger)?.customerType ?? .contact
        let data = try await loader.data(for: journey, attributes: attributes, authId: authId)
        let entry = RunEntry(messageId: "dry-run", attributes: attributes)
        let timeZone = journey.definition.calendarTimeZone
        let evaluate = { (condition: Condition) -> ConditionOutcome in
            let (holds, values) = condition.evaluateReportingValues(data, timeZone: timeZone)
            return ConditionOutcome(holds: holds, values: values)
        }
        var run = JourneyRun(id: "dry-run", journeyId: journey.id, version: journey.version, authId: authId, bindingId: nil, startedAt: now)
        var clock = now
        var messages: [JSONValue] = []
        var action = run.handle(.start, program: journey.program, now: clock, evaluate: evaluate)
        for _ in 0..<(journey.program.instructions.count * 2 + 2) {
            switch action {
            case .perform(let stepId):
                let step = journey.program.steps[stepId]!
                let rendered = RenderedStep(step, data: data)
                let refusal = Self.refusal(rendered, data: data, entry: entry, customerType: customerType)
                var message = rendered?.json.objectValue ?? [:]
                message["step"] = .string(stepId)
                message["wouldSend"] = .bool(refusal == nil)
                if let refusal { message["reason"] = .string(refusal) }
                messages.append(.object(message))
                let result: StepResult = refusal.map { .skipped(reason: $0) } ?? .sent(detail: "dry run: rendered, not sent")
                action = run.handle(.stepFinished(stepId: stepId, result), program: journey.program, now: clock, evaluate: evaluate)
            case .wait(let request):
                if let trigger = request.trigger, arrivingTriggers.contains(trigger) {
                    action = run.handle(.triggerArrived(trigger: trigger, bindingId: nil), program: journey.program, now: clock, evaluate: evaluate)
                } else {
                    clock = request.dueAt
                    action = run.handle(.timerDue, program: journey.program, now: clock, evaluate: evaluate)
                }
            case .finish, .ignore:
                return Result(trace: run.trace, messages: messages, status: run.status)
            }
        }
        return Result(trace: run.trace, messages: messages, status: run.status)
    }

    /// Consent and address checks as a real send would make them (the frequency cap is not applied).
    static func refusal(_ rendered: RenderedStep?, data: JourneyData, entry: RunEntry, customerType: CustomerType) -> String? {
        switch rendered {
        case .email(_, _, _, let purpose, _):
            Recipients.refusal(Recipients.email(data: data, entry: entry, customerType: customerType), channel: .email, purpose: purpose)
        case .sms(_, let purpose):
            Recipients.refusal(Recipients.phone(data: data, entry: entry, customerType: customerType), channel: .sms, purpose: purpose)
        default:
            nil
        }
    }
}
