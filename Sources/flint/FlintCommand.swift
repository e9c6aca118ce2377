import ArgumentParser

/// The `flint` command line.
@main
struct FlintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flint",
        abstract: "Flint: a self-hosted, real-time marketing engine.",
        subcommands: [ServeCommand.self, MigrateCommand.self])
}
