/// How Flint's HTTP server treats connections: how long it waits for slow or silent clients, and
/// how many connections it holds open at once. `FLINT_HTTP_*` variables and `FLINT_MAX_CONNECTIONS`.
public struct HTTPSettings: Sendable, Equatable {
    /// `FLINT_HTTP_IDLE_TIMEOUT` (seconds): a connection with no request under way is closed after this
    /// long. It is also the header timeout: the clock runs from the end of the previous response (or the
    /// connection's start) until a request's headers are complete, so a client that trickles headers
    /// byte by byte is cut off too.
    public var idleTimeoutSeconds = 30
    /// `FLINT_HTTP_BODY_TIMEOUT` (seconds): a request whose body has not fully arrived this long after its
    /// headers is dropped.
    public var bodyTimeoutSeconds = 30
    /// `FLINT_MAX_CONNECTIONS`: open connections served at once; one more is answered `503` with
    /// `Retry-After` and closed. nil: derived from the process's file-descriptor limit at start, leaving
    /// room for the database and outgoing connections (``ConnectionLimit/defaultMaximum(descriptorLimit:)``).
    public var maxConnections: Int?

    public init() {}
}
