import FlintCore
import Foundation
import PostgresNIO

/// `FLINT_DATABASE_URL` read into a client configuration:
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
public struct PostgresURL: Sendable {
    public let configuration: PostgresClient.Configuration

    public init(_ text: String) throws(FlintError) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else {
            throw FlintError(
                .invalidRequest, "FLINT_DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let database = String(components.path.drop { $0 == "/" })
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw FlintError(.invalidRequest, "FLINT_DATABASE_URL: sslmode must be disable, prefer or require, not \(mode.prefix(20))")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: password,
            database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.minimumConnections = 0
        self.configuration = configuration
    }
}
