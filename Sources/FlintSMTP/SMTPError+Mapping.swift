import NIOCore
import NIOSSL

extension SMTPError {
    /// Classifies an error from the connection: TLS failures are permanent, timeouts and I/O failures transient.
    init(connectionError error: any Error) {
        switch error {
        case let error as SMTPError:
            self = error
        case let error as NIOSSLError:
            switch error {
            case .uncleanShutdown:
                self.init(.connectionFailed, message: "the server closed the TLS connection uncleanly")
            default:
                self.init(.tlsFailed, message: "TLS failed: \(error)")
            }
        case let error as NIOSSLExtraError:
            self.init(.tlsFailed, message: "TLS failed: \(error)")
        case let error as ChannelError:
            if case .connectTimeout(let amount) = error {
                self.init(.timeout, message: "could not connect within \(amount.nanoseconds / 1_000_000) ms")
            } else {
                self.init(.connectionFailed, message: "connection failed: \(error)")
            }
        default:
            self.init(.connectionFailed, message: "connection failed: \(error)")
        }
    }
}
