import Foundation
import FlintCore

/// Prepares an outgoing email for tracking (when `FLINT_PUBLIC_URL` is set): its unsubscribe link, its
/// links rewritten to signed redirects, a 1×1 pixel, and the RFC 8058 headers on commercial email.
public struct EmailTracking: Sendable {
    let baseURL: String
    let signer: TrackingSigner

    /// - Parameter baseURL: where recipients reach Flint, such as `https://flint.example.com`.
    public init(baseURL: String, signer: TrackingSigner) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.signer = signer
    }

    public func unsubscribeURL(for message: TrackedMessage) -> String {
        baseURL + "/u/" + signer.token(for: TrackingToken(kind: .unsubscribe, message: message))
    }

    public func pixelURL(for message: TrackedMessage) -> String {
        baseURL + "/t/o/" + signer.token(for: TrackingToken(kind: .open, message: message)) + ".gif"
    }

    public func clickURL(for message: TrackedMessage, link: Int, target: String) -> String {
        baseURL + "/t/c/" + signer.token(for: TrackingToken(kind: .click, message: message, link: link, target: target))
    }

    /// The tracked email: links through Flint, the pixel before `</body>` (or at the end), and for
    /// commercial email without `{{unsubscribeUrl}}` an unsubscribe footer in both parts.
    func prepare(
        html: String, text: String, message: TrackedMessage, commercial: Bool, templateHasUnsubscribeLink: Bool
    ) -> (html: String, text: String, headers: [String: String]) {
        let unsubscribe = unsubscribeURL(for: message)
        var html = html
        var text = text
        if commercial, !templateHasUnsubscribeLink {
            let footer = #"<p style="font-size:12px;color:#666">Don't want these emails? <a href="\#(LinkRewriter.escapeAttribute(unsubscribe))">Unsubscribe</a></p>"#
            html = Self.insertBeforeBodyEnd(html, footer)
            text += "\n\nUnsubscribe: \(unsubscribe)\n"
        }
        html = LinkRewriter.rewrite(html) { index, target in
            target == unsubscribe ? target : clickURL(for: message, link: index, target: target)
        }.html
        let pixel = #"<img src="\#(LinkRewriter.escapeAttribute(pixelURL(for: message)))" width="1" height="1" alt="" style="display:none">"#
        html = Self.insertBeforeBodyEnd(html, pixel)
        var headers: [String: String] = [:]
        if commercial {
            headers["List-Unsubscribe"] = "<\(unsubscribe)>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        }
        return (html, text, headers)
    }

    static func insertBeforeBodyEnd(_ html: String, _ addition: String) -> String {
        guard let range = html.range(of: "</body>", options: [.caseInsensitive, .backwards]) else { return html + addition }
        return html.replacingCharacters(in: range, with: addition + "</body>")
    }
}
