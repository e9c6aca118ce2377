/// One step of one run to perform, and the destination it reaches (`webhook:hooks.example`, `email`,
/// `sms`, `trigger:paid`), which the executor limits separately so a slow one delays only itself.
public struct StepJob: Sendable, Hashable {
    public var runId: String
    public var stepId: String
    public var destination: String

    public init(runId: String, stepId: String, destination: String) {
        self.runId = runId
        self.stepId = stepId
        self.destination = destination
    }
}
