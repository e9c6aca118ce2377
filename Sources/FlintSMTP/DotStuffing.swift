/// Prepares message bytes for the SMTP DATA phase (RFC 5321 §4.5.2): every line that starts with "."
/// gets one more ".", line endings become CRLF, and the data ends with the `CRLF.CRLF` terminator.
enum DotStuffing {
    /// The stuffed message followed by the terminating `.` line.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            switch byte {
            case 0x0D, 0x0A:
                // CRLF, bare LF and bare CR all end a line; bare ones would be refused by strict servers.
                output += [0x0D, 0x0A]
                index += (byte == 0x0D && index + 1 < message.count && message[index + 1] == 0x0A) ? 2 : 1
                atLineStart = true
                continue
            case UInt8(ascii: ".") where atLineStart:
                output += [UInt8(ascii: "."), UInt8(ascii: ".")]
            default:
                output.append(byte)
            }
            atLineStart = false
            index += 1
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        output += [UInt8(ascii: "."), 0x0D, 0x0A]
        return output
    }
}
