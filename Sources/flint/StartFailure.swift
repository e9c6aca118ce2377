import ArgumentParser
import FlintServer
import Foundation

/// Runs a command's work; a store Flint cannot start on is explained on standard error and ends the
/// process with ``StoreChoice/startProblemExitCode`` rather than a stack of SQLite errors.
func explainingStartProblems(_ configuration: FlintConfiguration, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        guard let problem = StoreChoice.startProblem(error, configuration: configuration) else { throw error }
        FileHandle.standardError.write(Data("flint: \(problem)\n".utf8))
        throw ExitCode(StoreChoice.startProblemExitCode)
    }
}
