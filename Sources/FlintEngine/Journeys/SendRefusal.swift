/// A message that may not go out: skipped (the run goes on), or held back for now and retried later
/// (a safety check that could not be made: the message waits rather than going out unchecked).
enum SendRefusal: Sendable, Equatable {
    case skip(String)
    case retry(String)
}
