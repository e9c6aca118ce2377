/// A message failed on a reused connection that turned out closed before the server accepted MAIL FROM,
/// most likely because the server dropped it while idle. The message cannot have reached the server, so
/// `SMTPConnectionPool` sends it once more on a fresh connection; `error` is what happened.
struct SMTPStaleConnectionError: Error, Sendable, Hashable {
    let error: SMTPError
}
