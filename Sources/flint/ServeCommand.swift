import ArgumentParser
import FlintCore
import FlintServer
import Foundation
import Hummingbird
import Logging

/// `flint serve`: runs the HTTP server until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run Flint's HTTP server.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        try await explainingStartProblems(configuration) {
            let store = try StoreChoice.open(configuration, logger: Logger(label: "flint"))
            // The store runs before Flint reads it and stops after Flint's own services have stopped.
            try await store.whileRunning {
                let app = try await buildApplication(configuration: configuration, store: store) { token in
                    FileHandle.standardOutput.write(Data(
                        """
                        No FLINT_ADMIN_TOKEN was set, so Flint generated an admin token. It is shown only this once;
                        Flint keeps only its hash. Use it as "Authorization: Bearer <token>" on /api/v1:

                            \(token)


                        """.utf8))
                }
                try await app.runService()
            }
        }
    }
}
