import Spreadsheet

/// Text gathered inside an XML element, trimmed of ASCII white space without Foundation (a
/// 100,000-transaction pain.002 ends a million elements).
struct XMLText {
    private var bytes: [UInt8] = []

    mutating func append(_ b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmed: String {
        func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var lo = 0
        var hi = bytes.count
        while lo < hi, space(bytes[lo]) { lo += 1 }
        while hi > lo, space(bytes[hi - 1]) { hi -= 1 }
        return lo == hi ? "" : String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// Parses a bank's XML file into `sink`; a file the hardened parser refuses is unreadable as
/// `what` (`pain.002`, `camt.054`).
func parseResult(_ bytes: [UInt8], file: String, limits: ReadLimits, what: String, into sink: any XMLEventSink) throws(BankResultError) {
    do {
        try XMLEvents.parse(bytes: bytes, name: file, limits: limits, sink: sink)
    } catch {
        throw BankResultError(.unreadable, file: file, "not a readable \(what): \(error.reason)")
    }
}
