import ArgumentParser
import NIOCore
import NIOPosix

/// The `flint` command line.
@main
struct FlintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flint",
        abstract: "Flint: a self-hosted, real-time marketing engine.",
        subcommands: [ServeCommand.self, MigrateCommand.self, BackupCommand.self])

    /// Runs Swift concurrency on NIO's event loops before anything else starts, so request handlers
    /// do not hop between NIO's threads and the global executor's (a large share of CPU at high load).
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
