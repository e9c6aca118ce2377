import ArgumentParser
import FlintSQLite
import FlintServer
import Foundation

/// `flint migrate`: brings the database schema up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or upgrade the database schema.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        _ = try SQLiteDatabase(folder: configuration.dataFolder)
        print("The database in \(configuration.dataFolder.path) is up to date.")
    }
}
