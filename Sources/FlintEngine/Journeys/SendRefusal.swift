import FlintCore

/// A message that may not go out: skipped (the run goes on) or failed (the step's failure rule applies).
enum SendRefusal: Sendable, Equatable {
    case skip(String)
    case fail(String)

    var result: StepResult {
        switch self {
        case .skip(let reason): .skipped(reason: reason)
        case .fail(let error): .failed(error: error)
        }
    }
}
