import FlintCore
import FlintEngine
import Hummingbird

/// The public routes in tracked email: the open pixel, link redirects and unsubscribe (RFC 8058
/// one-click). They take no key, so each verifies its signed token before anything else and reads
/// nothing from the database for an open or a click.
struct TrackingController {
    let tracking: TrackingService

    /// The 43-byte transparent 1×1 GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    func addRoutes(to router: Router<FlintRequestContext>, pacing: ClientPacing) {
        let tracking = router.group("t").add(middleware: PublicRoutePacingMiddleware(pacing: pacing))
        tracking.get("o/:token", use: open)
        tracking.get("c/:token", use: click)
        let unsubscribe = router.group("u").add(middleware: PublicRoutePacingMiddleware(pacing: pacing))
        unsubscribe.get(":token", use: confirmUnsubscribe)
        unsubscribe.post(":token", use: self.unsubscribe)
    }

    @Sendable func open(_ request: Request, context: FlintRequestContext) async throws -> Response {
        var token = try context.parameters.require("token")
        if token.hasSuffix(".gif") { token.removeLast(4) }
        guard try await tracking.open(token) else { throw FlintError.notFound("Tracking link") }
        return Response(
            status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store, max-age=0"],
            body: .init(byteBuffer: ByteBuffer(bytes: Self.pixel)))
    }

    /// `302` to the link's own target, which the token carries and signs: never anywhere else.
    @Sendable func click(_ request: Request, context: FlintRequestContext) async throws -> Response {
        guard let target = try await tracking.click(try context.parameters.require("token")) else { throw FlintError.notFound("Tracking link") }
        return Response(status: .found, headers: [.location: target, .cacheControl: "no-store"])
    }

    /// Following the link shows a page with one button: link scanners that fetch every URL in a mail
    /// must not unsubscribe anyone. The button, and mail clients' RFC 8058 one-click, POST.
    @Sendable func confirmUnsubscribe(_ request: Request, context: FlintRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let message = tracking.unsubscribeTarget(token) else { return Self.page(status: .notFound, UnsubscribePage.invalid) }
        return Self.page(status: .ok, UnsubscribePage.confirm(address: message.address, action: "/u/\(token)"))
    }

    @Sendable func unsubscribe(_ request: Request, context: FlintRequestContext) async throws -> Response {
        guard let message = try await tracking.unsubscribe(try context.parameters.require("token")) else {
            return Self.page(status: .notFound, UnsubscribePage.invalid)
        }
        return Self.page(status: .ok, UnsubscribePage.done(address: message.address))
    }

    static func page(status: HTTPResponse.Status, _ html: String) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
