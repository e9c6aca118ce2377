import ArgumentParser
import FlintServer
import Foundation

/// Flags shared by the commands that open the database; they override `FLINT_*` variables.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (FLINT_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (FLINT_PORT, default 8080).")
    var port: Int?

    @Option(help: "Folder for the embedded SQLite database (FLINT_DATA, default ./flint-data).")
    var data: String?

    func configuration() throws -> FlintConfiguration {
        var configuration = try FlintConfiguration(environment: ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let data { configuration.dataFolder = URL(fileURLWithPath: data) }
        return configuration
    }
}
