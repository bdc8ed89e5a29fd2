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

extension String {
    /// The text without leading and trailing ASCII spaces and tabs (a result line's fields),
    /// without Foundation's per-character work.
    var trimmingSpaces: String {
        let u = utf8
        guard let first = u.first, let last = u.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return self }
        var lo = u.startIndex
        var hi = u.endIndex
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { lo = u.index(after: lo) }
        while hi > lo, u[u.index(before: hi)] == 0x20 || u[u.index(before: hi)] == 0x09 { hi = u.index(before: hi) }
        return String(self[lo..<hi])
    }
}
