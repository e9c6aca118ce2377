extension SMTPConfiguration {
    /// How many connections `SMTPClient` keeps to the server and for how long, so that messages share
    /// sessions instead of each paying for its own connection, TLS handshake and AUTH.
    public struct Pool: Sendable, Hashable {
        /// The most connections open at once; further senders wait their turn, first come, first served.
        public var maximumConnections: Int
        /// How long a connection may sit idle before it is closed with QUIT.
        public var idleTimeout: Duration
        /// How many messages one connection carries before it is closed and replaced.
        public var maximumMessagesPerConnection: Int

        /// Creates pool settings; the defaults suit one relay or hosted provider.
        public init(maximumConnections: Int = 4, idleTimeout: Duration = .seconds(30), maximumMessagesPerConnection: Int = 100) {
            self.maximumConnections = maximumConnections
            self.idleTimeout = idleTimeout
            self.maximumMessagesPerConnection = maximumMessagesPerConnection
        }

        /// Checks what `init` cannot: at least one connection and one message each, and no negative timeout.
        func validate() throws(SMTPError) {
            guard maximumConnections >= 1 else {
                throw SMTPError(.invalidConfiguration, message: "the SMTP pool needs at least one connection, not \(maximumConnections)")
            }
            guard maximumMessagesPerConnection >= 1 else {
                throw SMTPError(.invalidConfiguration, message: "an SMTP connection must carry at least one message, not \(maximumMessagesPerConnection)")
            }
            guard idleTimeout >= .zero else {
                throw SMTPError(.invalidConfiguration, message: "the SMTP idle timeout cannot be negative")
            }
        }
    }
}
