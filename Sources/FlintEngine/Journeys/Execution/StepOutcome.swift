import FlintCore

/// What performing a step came to: the result the run's state machine takes, the send to record, and
/// the events to emit, all stored with the run's next state in one transaction.
struct StepOutcome: Sendable, Equatable {
    var result: StepResult
    var send: SendRecord?
    var events: [AcceptedEvent]

    init(_ result: StepResult, send: SendRecord? = nil, events: [AcceptedEvent] = []) {
        self.result = result
        self.send = send
        self.events = events
    }
}
