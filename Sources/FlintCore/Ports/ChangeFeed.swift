/// Tells every Flint node about changes to what they keep in memory (trigger definitions, keys,
/// journeys, entities), so a change made through one node reaches all of them.
///
/// SQLite's feed is in-process; PostgreSQL's is `LISTEN`/`NOTIFY`. A change is published after it is
/// committed, and reaches the publishing node too. Delivery is best effort: a feed that may have lost
/// changes (a listener that reconnected) sends ``StoreChange/everything``, and followers also reload
/// on a slow timer, so a lost notification costs staleness for a while, never correctness of data.
public protocol ChangeFeed: Sendable {
    /// Announces a committed change; returns at once (delivery happens in the background).
    func publish(_ change: StoreChange)
    /// The changes published from now on by any node, until the stream is dropped.
    func subscribe() -> AsyncStream<StoreChange>
}

/// One change to shared, cached state, small enough for a `NOTIFY` payload.
public enum StoreChange: Sendable, Hashable {
    /// A trigger was created, changed, marked ready or deleted.
    case trigger(String)
    case ingestionKeys
    case journeys
    case entities
    /// Events were committed (by another node, on a shared store): dispatchers should look for them.
    /// Only a wake-up: a lost one costs at most the dispatcher's slow poll.
    case work
    /// Changes may have been missed: reload everything.
    case everything

    /// The change as text (`trigger:wifi_signup`, `keys`, ...), for feeds that carry strings.
    public var payload: String {
        switch self {
        case .trigger(let name): "trigger:" + name
        case .ingestionKeys: "keys"
        case .journeys: "journeys"
        case .entities: "entities"
        case .work: "work"
        case .everything: "everything"
        }
    }

    /// Reads ``payload``; nil for text no Flint wrote.
    public init?(payload: String) {
        if let name = payload.strippingPrefix("trigger:") {
            self = .trigger(name)
        } else {
            switch payload {
            case "keys": self = .ingestionKeys
            case "journeys": self = .journeys
            case "entities": self = .entities
            case "work": self = .work
            case "everything": self = .everything
            default: return nil
            }
        }
    }
}

extension String {
    fileprivate func strippingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) && count > prefix.count ? String(dropFirst(prefix.count)) : nil
    }
}
