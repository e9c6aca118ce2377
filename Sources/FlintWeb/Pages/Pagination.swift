import Foundation

/// Previous / next links between pages of a list.
enum Pagination {
    static func render(page: Int, pageCount: Int, path: String, query: String) -> HTML {
        guard pageCount > 1 else { return .empty }
        let search = query.isEmpty ? "" : "&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let previous: HTML = page > 1 ? "<a rel=\"prev\" href=\"\(path)?page=\(page - 1)\(search)\">Previous</a>" : .empty
        let next: HTML = page < pageCount ? "<a rel=\"next\" href=\"\(path)?page=\(page + 1)\(search)\">Next</a>" : .empty
        return "<nav class=\"pages\" aria-label=\"Pages\">\(previous) <span>Page \(page) of \(pageCount)</span> \(next)</nav>"
    }
}
