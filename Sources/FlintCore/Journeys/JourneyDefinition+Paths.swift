extension JourneyDefinition {
    /// Every path the journey's conditions and templates read, without repeats: what a run loads
    /// records for before it decides or renders.
    public var readPaths: [String] {
        var paths: [String] = []
        if let entryCondition { paths += entryCondition.paths }
        forEachStep { step in
            switch step.kind {
            case .branch(let branches, _):
                for branch in branches { paths += branch.when.paths }
            case .email(let email):
                paths += email.subject.paths + email.html.paths + (email.text?.paths ?? [])
            case .sms(let sms):
                paths += sms.text.paths
            case .webhook(let webhook):
                paths += webhook.body?.paths ?? []
            case .activateTrigger(_, let attributes):
                for template in attributes.values { paths += template.paths }
            case .wait, .waitForTrigger:
                break
            }
        }
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }
}

extension JourneyDefinition {
    /// The lists the journey's `{{#each}}` blocks repeat over.
    public var blockLists: [String] {
        var lists: [String] = []
        forEachStep { step in
            switch step.kind {
            case .email(let email): lists += (email.subject.blocks + email.html.blocks + (email.text?.blocks ?? [])).map(\.list)
            case .sms(let sms): lists += sms.text.blocks.map(\.list)
            case .webhook(let webhook): lists += webhook.body?.blocks.map(\.list) ?? []
            default: break
            }
        }
        return lists
    }
}

extension Condition {
    /// The paths the condition compares, in order.
    public var paths: [String] {
        switch self {
        case .compare(let path, _, _): [path]
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.paths)
        case .not(let condition): condition.paths
        }
    }
}
