import FlintClient
import Foundation

let testEndpoint = URL(string: "http://flint.test")!

/// A client on a fake transport and a test clock; background flushing is off unless asked for.
func makeClient(
    _ transport: FakeTransport, clock: TestClock = TestClock(autoAdvance: true),
    _ configure: (inout FlintClient.Configuration) -> Void = { _ in }
) -> FlintClient {
    var configuration = FlintClient.Configuration(flushInterval: nil)
    configure(&configuration)
    return FlintClient(endpoint: testEndpoint, key: "pk_test_123", configuration: configuration, transport: transport, clock: clock)
}
