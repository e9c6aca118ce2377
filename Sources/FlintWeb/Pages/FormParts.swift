/// The pieces every form shares: a message box, the error under a field, and the attributes that tie
/// a field to its error for screen readers.
enum FormParts {
    static func errorBox(_ error: String?) -> HTML {
        guard let error else { return .empty }
        return "<p class=\"error\" role=\"alert\">\(error)</p>"
    }

    /// The error shown under a field, tied to it by `aria-describedby`.
    static func fieldError(_ field: String, _ errors: [String: String]) -> HTML {
        guard let error = errors[field] else { return .empty }
        return "<p class=\"field-error\" id=\"\(field)-error\" role=\"alert\">\(error)</p>"
    }

    static func describedBy(_ field: String, _ errors: [String: String]) -> HTML {
        errors[field] == nil ? .empty : " aria-invalid=\"true\" aria-describedby=\"\(field)-error\""
    }
}
