import FlintCore
@testable import FlintSMTP
import Testing

@Suite("SMTPConfiguration(url:)")
struct SMTPConfigurationURLTests {
    @Test func plainURLDefaultsToPort25AndOpportunisticSTARTTLS() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mail.example.com")
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 25)
        #expect(configuration.security == .startTLSWhenOffered)
        #expect(configuration.username == nil && configuration.password == nil)
        #expect(configuration.heloName == "localhost")
        #expect(configuration.tlsTrust == .systemRoots)
    }

    @Test func credentialsArePercentDecoded() throws {
        let configuration = try SMTPConfiguration(url: "smtp://ada%40example.com:p%40ss%3Aw%2Frd%20%C3%A9@relay.example.com:2525")
        #expect(configuration.username == "ada@example.com")
        #expect(configuration.password == "p@ss:w/rd é")
        #expect(configuration.host == "relay.example.com")
        #expect(configuration.port == 2525)
    }

    @Test func userWithoutPasswordAndTrailingSlash() throws {
        let configuration = try SMTPConfiguration(url: "smtp://apikey@relay.example.com/")
        #expect(configuration.username == "apikey")
        #expect(configuration.password == nil)
    }

    @Test func smtpsMeansImplicitTLSOnPort465() throws {
        let configuration = try SMTPConfiguration(url: "SMTPS://u:p@smtp.example.com")
        #expect(configuration.security == .implicitTLS)
        #expect(configuration.port == 465)
        #expect(try SMTPConfiguration(url: "smtps://smtp.example.com:2465").port == 2465)
    }

    @Test(arguments: [
        ("tls=required", SMTPConfiguration.Security.startTLSRequired),
        ("tls=starttls", .startTLSRequired),
        ("tls=opportunistic", .startTLSWhenOffered),
        ("tls=none", .none),
        ("security=off", .none),
    ])
    func tlsOption(query: String, security: SMTPConfiguration.Security) throws {
        #expect(try SMTPConfiguration(url: "smtp://h.example.com:587?\(query)").security == security)
    }

    @Test func heloAndCAOptions() throws {
        let configuration = try SMTPConfiguration(url: "smtp://[::1]:2525?helo=flint.example.com&ca=%2Fetc%2Fca.pem")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 2525)
        #expect(configuration.heloName == "flint.example.com")
        #expect(configuration.tlsTrust == .pemCAFile("/etc/ca.pem"))
    }

    @Test(arguments: [
        "mail.example.com",
        "http://mail.example.com",
        "smtp://",
        "smtp://:25",
        "smtp://host:0",
        "smtp://host:65536",
        "smtp://host:abc",
        "smtp://host:+25",
        "smtp://host/path",
        "smtp://[::1",
        "smtp://@host",
        "smtp://user:bad%zz@host",
        "smtp://host?tls=maybe",
        "smtp://host?colour=blue",
        "smtp://host?tls",
        "smtps://host?tls=none",
        "smtp://host?helo=bad%20name",
    ])
    func badURLsAreRefusedClearly(url: String) {
        #expect {
            try SMTPConfiguration(url: url)
        } throws: { error in
            guard let error = error as? SMTPError else { return false }
            return error.kind == .invalidConfiguration && error.message.hasPrefix("invalid ") && !error.isTransient
        }
    }

    @Test func descriptionRedactsThePassword() throws {
        let configuration = try SMTPConfiguration(url: "smtp://ada:hunter2@relay.example.com")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("ada"))
    }

    @Test func tlsServerNameIsNilForIPAddresses() {
        #expect(SMTPConfiguration(host: "127.0.0.1").tlsServerHostname == nil)
        #expect(SMTPConfiguration(host: "::1").tlsServerHostname == nil)
        #expect(SMTPConfiguration(host: "smtp.example.com").tlsServerHostname == "smtp.example.com")
    }
}
