import AsyncHTTPClient
import FlintCore
import FlintEngine
import FlintSMTP

/// The journey channels from configuration: SMTP and SMS when configured, webhooks always, signed
/// with `FLINT_WEBHOOK_SECRET` or a secret generated once and kept in the database.
func makeChannels(
    _ configuration: FlintConfiguration, settings: any SettingsStore, clock: any WallClock, webhookClient: HTTPClient
) async throws -> JourneyChannels {
    var email: EmailSender?
    if let url = configuration.smtpURL {
        do {
            email = try EmailSender(configuration: try SMTPConfiguration(url: url), from: configuration.emailFrom)
        } catch {
            throw ConfigurationError("FLINT_SMTP_URL or FLINT_EMAIL_FROM is not usable: \(error)")
        }
    }
    var sms: SMSSender?
    if let url = configuration.smsURL {
        guard let account = configuration.smsAccount, let token = configuration.smsToken, let from = configuration.smsFrom else {
            throw ConfigurationError("FLINT_SMS_URL needs FLINT_SMS_ACCOUNT, FLINT_SMS_TOKEN and FLINT_SMS_FROM")
        }
        sms = SMSSender(client: .shared, configuration: .init(baseURL: url, accountSID: account, token: token, from: from))
    }
    var secret = configuration.webhookSecret
    if secret == nil {
        var generator = SystemRandomNumberGenerator()
        secret = try await settings.setValueIfAbsent("whsec_" + KeyFormat.randomString(length: 40, using: &generator), forKey: "webhook_secret")
    }
    return JourneyChannels(
        email: email, sms: sms, webhook: WebhookSender(
            client: webhookClient, secret: secret!, clock: clock,
            policy: WebhookDestinationPolicy(allowing: configuration.webhookAllowedHosts)),
        commercialCapPerDay: configuration.commercialCapPerDay)
}
