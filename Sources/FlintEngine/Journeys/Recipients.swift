import FlintCore

/// An address to send to and the consent that comes with it.
struct Recipient: Sendable, Equatable {
    var address: String
    var consent: ChannelConsent
    /// True for a profile event's `contactpoint_*` fallback.
    var isFallback: Bool
}

/// Finds where a customer can be reached: their own address, or for profile triggers the event's
/// contact point, which carries transactional consent only.
enum Recipients {
    static func email(data: JourneyData, entry: RunEntry, customerType: CustomerType) -> Recipient? {
        if let customer = data.customer, let email = customer.email {
            return Recipient(address: email, consent: customer.consent.email, isFallback: false)
        }
        guard customerType == .profile, let fallback = entry.contactpointEmail else { return nil }
        return Recipient(address: fallback, consent: ChannelConsent(commercial: false, transactional: true), isFallback: true)
    }

    /// Why a message of `purpose` may not go to `recipient` on `channel`: no address, or no consent; nil when it may.
    static func refusal(_ recipient: Recipient?, channel: SendRecord.Channel, purpose: MessagePurpose) -> String? {
        let name = channel == .email ? "email" : "SMS"
        guard let recipient else { return "the customer has no \(channel == .email ? "email address" : "phone number")" }
        guard recipient.consent.allows(purpose) else {
            return "no \(purpose.rawValue) \(name) consent for \(recipient.address)"
                + (recipient.isFallback ? " (a fallback contact point carries transactional consent only)" : "")
        }
        return nil
    }

    static func phone(data: JourneyData, entry: RunEntry, customerType: CustomerType) -> Recipient? {
        if let customer = data.customer, let phone = customer.phone {
            return Recipient(address: phone, consent: customer.consent.sms, isFallback: false)
        }
        guard customerType == .profile, let fallback = entry.contactpointPhone else { return nil }
        return Recipient(address: fallback, consent: ChannelConsent(commercial: false, transactional: true), isFallback: true)
    }
}
