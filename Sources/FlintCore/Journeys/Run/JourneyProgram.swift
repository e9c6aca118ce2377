/// A journey's step tree compiled into a flat list of instructions with jump targets.
///
/// A run's position is then one integer, which is easy to store and to resume from; the program
/// is rebuilt from the definition, deterministically, whenever it is needed.
public struct JourneyProgram: Sendable, Equatable {
    public enum Instruction: Sendable, Equatable {
        /// Evaluate each arm's condition in order; jump to the first that holds, else to `otherwise`.
        case branch(stepId: String, arms: [Arm], otherwise: Int)
        case wait(stepId: String, Wait)
        case waitForTrigger(stepId: String, trigger: String, timeoutSeconds: Int64, matched: Int, timedOut: Int)
        /// A step with an effect outside the run: email, SMS, webhook, or activating a trigger.
        case perform(stepId: String)
        case jump(Int)
        case end
    }

    public struct Arm: Sendable, Equatable {
        public var label: String
        public var condition: Condition
        public var target: Int

        public init(label: String, condition: Condition, target: Int) {
            self.label = label
            self.condition = condition
            self.target = target
        }
    }

    public private(set) var instructions: [Instruction] = []
    /// Every step by id, for executors that need a step's content.
    public private(set) var steps: [String: Step] = [:]
    public let failureRule: FailureRule

    public init(_ definition: JourneyDefinition) {
        failureRule = definition.onFailure
        let end = emit(definition.steps)
        instructions[end] = .end
    }

    public subscript(position: Int) -> Instruction { instructions[position] }

    /// Emits `list` followed by a placeholder jump, and returns the placeholder's index for patching.
    private mutating func emit(_ list: [Step]) -> Int {
        for step in list {
            steps[step.id] = step
            switch step.kind {
            case .branch(let branches, let otherwise):
                let head = append(.end)
                var arms: [Arm] = []
                var exits: [Int] = []
                for branch in branches {
                    let start = instructions.count
                    exits.append(emit(branch.steps))
                    arms.append(Arm(label: branch.label, condition: branch.when, target: start))
                }
                let otherwiseStart = instructions.count
                exits.append(emit(otherwise))
                instructions[head] = .branch(stepId: step.id, arms: arms, otherwise: otherwiseStart)
                for exit in exits { instructions[exit] = .jump(instructions.count) }
            case .wait(let wait):
                append(.wait(stepId: step.id, wait))
            case .waitForTrigger(let trigger, let timeout, let matched, let timedOut):
                let head = append(.end)
                let matchedStart = instructions.count
                let matchedExit = emit(matched)
                let timedOutStart = instructions.count
                let timedOutExit = emit(timedOut)
                instructions[head] = .waitForTrigger(
                    stepId: step.id, trigger: trigger, timeoutSeconds: timeout.seconds, matched: matchedStart, timedOut: timedOutStart)
                instructions[matchedExit] = .jump(instructions.count)
                instructions[timedOutExit] = .jump(instructions.count)
            case .email, .sms, .webhook, .activateTrigger:
                append(.perform(stepId: step.id))
            }
        }
        return append(.end)
    }

    @discardableResult
    private mutating func append(_ instruction: Instruction) -> Int {
        instructions.append(instruction)
        return instructions.count - 1
    }
}
