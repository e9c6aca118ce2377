import FlintCore
import FlintEngine
import FlintWeb
import Hummingbird

/// Reading a submitted form: the body as ``FormData``, with its CSRF token checked.
enum WebForm {
    static let maximumBytes = 256 * 1024
    /// The cookie holding the anonymous forms' token (sign-in and setup), matched by their hidden field.
    static let formCookie = "flint_form"

    /// The form of a signed-in browser; its `_csrf` must be the session's token.
    static func read(_ request: Request, signedIn: SignedIn) async throws -> FormData {
        let form = try await parse(request)
        guard let token = form["_csrf"], SecretHash.constantTimeEquals(token, signedIn.session.csrfToken) else {
            throw FlintError(.forbidden, "This form has expired or did not come from Flint; reload the page and try again")
        }
        return form
    }

    /// An anonymous form (sign-in, setup): its `_csrf` must match the `flint_form` cookie (double submit).
    static func readAnonymous(_ request: Request) async throws -> FormData {
        let form = try await parse(request)
        guard let token = form["_csrf"], let cookie = request.cookies[formCookie]?.value, !cookie.isEmpty,
            SecretHash.constantTimeEquals(token, cookie)
        else {
            throw FlintError(.forbidden, "This form has expired or did not come from Flint; reload the page and try again")
        }
        return form
    }

    private static func parse(_ request: Request) async throws -> FormData {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw FlintError(.unsupportedMediaType, "Send the form as application/x-www-form-urlencoded")
        }
        let body = try await request.body.collect(upTo: maximumBytes)
        return FormData(urlEncoded: String(buffer: body))
    }
}

extension FlintError {
    /// The problems of a refused form, by the field they are shown beside: the first problem of each.
    /// `renaming` maps an API field (with or without an index: `watchFields`, `watchFields[0]`) to the
    /// form's own field (`watch`).
    func formErrors(renaming: [String: String] = [:]) -> [String: String] {
        var errors: [String: String] = [:]
        for detail in details {
            let base = detail.field.split(separator: "[", maxSplits: 1).first.map(String.init) ?? detail.field
            let field = renaming[base] ?? detail.field
            if errors[field] == nil { errors[field] = detail.problem }
        }
        return errors
    }
}
