import ArgumentParser
import FlintCore
import Logging
import FlintServer
import Foundation

/// `flint migrate`: brings the database schema up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        try await explainingStartProblems(configuration) {
            let store = try StoreChoice.open(configuration, logger: Logger(label: "flint"))
            try await store.whileRunning {}
            print(store.kind == "sqlite" ? "The database in \(configuration.dataFolder.path) is up to date." : "The database is up to date.")
        }
    }
}
