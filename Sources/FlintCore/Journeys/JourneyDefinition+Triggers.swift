extension JourneyDefinition {
    /// Every trigger the journey uses: its entry and exit triggers, the triggers it waits for and
    /// the triggers it activates, without repeats, entry trigger first.
    public var referencedTriggers: [String] {
        var names = [trigger]
        if let exitTrigger { names.append(exitTrigger) }
        forEachStep { step in
            switch step.kind {
            case .waitForTrigger(let trigger, _, _, _), .activateTrigger(let trigger, _): names.append(trigger)
            default: break
            }
        }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// The triggers a run of this journey may wait for.
    public var awaitedTriggers: Set<String> {
        var names: Set<String> = []
        forEachStep { step in
            if case .waitForTrigger(let trigger, _, _, _) = step.kind { names.insert(trigger) }
        }
        return names
    }

    /// Visits every step of the tree, nested lists included, in definition order.
    public func forEachStep(_ visit: (Step) -> Void) {
        func walk(_ steps: [Step]) {
            for step in steps {
                visit(step)
                switch step.kind {
                case .branch(let branches, let otherwise):
                    for branch in branches { walk(branch.steps) }
                    walk(otherwise)
                case .waitForTrigger(_, _, let matched, let timedOut):
                    walk(matched)
                    walk(timedOut)
                case .wait, .email, .sms, .webhook, .activateTrigger:
                    break
                }
            }
        }
        walk(steps)
    }
}
