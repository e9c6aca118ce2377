/// The token grammar of bearer credentials, shared by header parsing and configuration checks.
enum B64Token {
    /// RFC 6750 `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
    static func isValid(_ token: Substring.UTF8View) -> Bool {
        var sawPadding = false
        var count = 0
        for byte in token {
            count += 1
            switch byte {
            case UInt8(ascii: "="):
                sawPadding = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if sawPadding { return false }
            default:
                return false
            }
        }
        return count > 0 && !(sawPadding && count == token.prefix { $0 == UInt8(ascii: "=") }.count)
    }
}
