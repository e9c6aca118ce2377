import Synchronization

/// The triggers this process has written to `awaited_triggers`, shared by its commits.
final class AwaitedRegistry: Sendable {
    let names = Mutex<Set<String>>([])
}
