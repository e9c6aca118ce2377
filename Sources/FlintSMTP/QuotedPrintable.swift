/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text bodies: every output line is at most 76 octets of
/// printable ASCII, so long lines and non-ASCII text pass any mail relay unchanged.
enum QuotedPrintable {
    /// Encoded lines stay within this many octets, including the `=` of a soft line break.
    static let maximumLineLength = 76

    /// Encodes `text` as UTF-8; its line breaks (CRLF, LF or CR) become CRLF hard breaks.
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in lines(of: Array(text.utf8)).enumerated() {
            if index > 0 { output += [0x0D, 0x0A] }
            encode(line: line, into: &output)
        }
        return output
    }

    /// Decodes quoted-printable bytes, removing soft line breaks; used to check round trips.
    static func decode(_ encoded: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < encoded.count {
            let byte = encoded[index]
            guard byte == UInt8(ascii: "=") else {
                output.append(byte)
                index += 1
                continue
            }
            if encoded[safe: index + 1] == 0x0D, encoded[safe: index + 2] == 0x0A {
                index += 3
            } else if let high = hexValue(encoded[safe: index + 1]), let low = hexValue(encoded[safe: index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func encode(line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var lineLength = 0
        let startsWithFrom = line.starts(with: Array("From ".utf8))
        for (offset, byte) in line.enumerated() {
            let isLast = offset == line.count - 1
            let literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !isLast
            case UInt8(ascii: "="): literal = false
            case UInt8(ascii: "F") where offset == 0 && startsWithFrom: literal = false
            case 33...126: literal = true
            default: literal = false
            }
            let width = literal ? 1 : 3
            if lineLength + width > maximumLineLength - 1 {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            lineLength += width
        }
    }

    /// Splits on CRLF, LF or CR.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0D:
                result.append(bytes[start..<index])
                index += (index + 1 < bytes.count && bytes[index + 1] == 0x0A) ? 2 : 1
                start = index
            case 0x0A:
                result.append(bytes[start..<index])
                index += 1
                start = index
            default:
                index += 1
            }
        }
        result.append(bytes[start..<bytes.count])
        return result
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func hexValue(_ byte: UInt8?) -> UInt8? {
        guard let byte else { return nil }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
