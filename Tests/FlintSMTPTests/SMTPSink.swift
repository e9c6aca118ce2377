import Foundation
import Testing

/// A running aiosmtpd server (see `SMTPSinkScript`) in a temporary folder of its own, for integration tests.
///
/// Needs the project's `.venv/bin/python` with aiosmtpd (`Tests/e2e/requirements.txt`); when they are
/// missing, starting fails with instructions instead of skipping, so CI cannot pass without them.
final class SMTPSink {
    struct Options {
        var startTLS = false
        var requireStartTLS = false
        var implicitTLS = false
        var auth: (user: String, password: String)?
        var authAllowPlaintext = false
        var authExclude: [String] = []

        var arguments: [String] {
            var arguments: [String] = []
            if startTLS { arguments.append("--starttls") }
            if requireStartTLS { arguments.append("--require-starttls") }
            if implicitTLS { arguments.append("--implicit-tls") }
            if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
            if authAllowPlaintext { arguments.append("--auth-allow-plaintext") }
            for mechanism in authExclude { arguments += ["--auth-exclude", mechanism] }
            return arguments
        }
    }

    /// One message as the sink received and parsed it.
    struct ReceivedMessage: Decodable {
        let mail_from: String
        let mail_options: [String]
        let rcpt_tos: [String]
        let tls: Bool
        let authenticated: Bool
        /// The client's TCP port: messages with the same port came over the same connection.
        let peer_port: Int
        let content: String
        let longest_line: Int
        let has_bare_lf: Bool
        let defects: [String]
        let headers: [String: String]
        let content_type: String
        let text: String?
        let html: String?
    }

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")
    static let setupHint = "Create it with: cd \(repositoryRoot.path) && python3 -m venv .venv && "
        + ".venv/bin/pip install -r Tests/e2e/requirements.txt (scripts/install-test-deps does this in CI)"

    let directory: URL
    let port: Int
    private let process: Process
    private let input: Pipe

    /// The CA that issued the sink's certificate (only with STARTTLS or implicit TLS).
    var caFile: String { directory.appendingPathComponent("ca.pem").path }

    /// Runs `body` against a fresh sink and stops the sink afterwards, whatever happens.
    static func with<Result>(_ options: Options = Options(), _ body: (SMTPSink) async throws -> Result) async throws -> Result {
        let sink = try await SMTPSink(options)
        defer { sink.stop() }
        return try await body(sink)
    }

    private init(_ options: Options) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python.path) else {
            throw StartFailure(description: "SMTP integration tests need \(Self.python.path), which is missing. \(Self.setupHint)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("flint-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("smtp_sink.py")
        try SMTPSinkScript.source.write(to: script, atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("sink.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)

        let process = Process()
        process.executableURL = Self.python
        process.arguments = [script.path, "--dir", directory.path] + options.arguments
        let input = Pipe()
        process.standardInput = input  // the sink exits when this closes, even if the test process dies
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        try? logHandle.close()  // the child holds its own copy
        self.process = process
        self.input = input

        do {
            port = try await Self.waitForPort(process: process, directory: directory, log: log)
        } catch {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Polls for the port file the sink writes once it listens: bounded, and failing fast if the sink exits.
    private static func waitForPort(process: Process, directory: URL, log: URL) async throws -> Int {
        let portFile = directory.appendingPathComponent("port")
        let deadline = ContinuousClock.now + .seconds(30)
        var port: Int?
        while port == nil {
            if let text = try? String(contentsOf: portFile, encoding: .utf8) { port = Int(text) }
            if port != nil { break }
            guard process.isRunning else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                let hint = output.contains("No module named 'aiosmtpd'") ? "aiosmtpd is not installed in .venv. \(setupHint)\n" : ""
                throw StartFailure(description: "\(hint)the SMTP sink exited with status \(process.terminationStatus):\n\(output)")
            }
            guard ContinuousClock.now < deadline else {
                throw StartFailure(description: "the SMTP sink did not report its port within 30 s")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return port!
    }

    /// Messages received so far, in order.
    func messages() throws -> [ReceivedMessage] {
        let folder = directory.appendingPathComponent("messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
        return try names.map { name in
            try JSONDecoder().decode(ReceivedMessage.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
