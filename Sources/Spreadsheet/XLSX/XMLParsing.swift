internal import CXMLBridge

/// Receives the events of an XML document: a small package part (relationships, workbook,
/// styles), or a whole file read by ``XMLEvents/parse(bytes:name:limits:sink:)``.
public protocol XMLEventSink: AnyObject {
    /// An element starts; `attributes` are keyed by local name.
    func start(_ name: String, _ attributes: [String: String])
    /// An element ends.
    func end(_ name: String)
    /// Text inside the current element (may come in pieces).
    func text(_ bytes: UnsafeRawBufferPointer)
}

extension XMLEventSink {
    public func end(_ name: String) {}
    public func text(_ bytes: UnsafeRawBufferPointer) {}
}

/// A whole XML file read as events through the same hardened parser as workbooks: no DOCTYPE
/// (so no entities), limits on depth and text, element names without their prefixes.
public enum XMLEvents {
    /// Streams `bytes` (the file `name`, for messages) into `sink`.
    public static func parse(bytes: [UInt8], name: String, limits: ReadLimits = ReadLimits(), sink: any XMLEventSink) throws(SpreadsheetError) {
        let box = SinkBox(sink)
        guard let parser = makeEventParser(limits: limits, box: box) else {
            throw SpreadsheetError(.limit, file: name, reason: "out of memory creating an XML parser")
        }
        defer { cxml_parser_free(parser) }
        try withExtendedLifetime(box) { () throws(SpreadsheetError) in
            let chunk = 1 << 16
            var offset = 0
            repeat {
                let n = min(chunk, bytes.count - offset)
                let final: Int32 = offset + n == bytes.count ? 1 : 0
                let status = bytes.withUnsafeBufferPointer { b in
                    b.baseAddress.map { base in
                        UnsafeRawPointer(base + offset).withMemoryRebound(to: CChar.self, capacity: n) { cxml_parser_feed(parser, $0, n, final) }
                    } ?? cxml_parser_feed(parser, "", 0, 1)
                }
                if status != 0 { throw xmlFailure(parser, status: status, path: name, part: "XML") }
                offset += n
            } while offset < bytes.count
        }
    }
}

private final class SinkBox {
    let sink: any XMLEventSink
    init(_ sink: any XMLEventSink) { self.sink = sink }
}

/// Parser limits from the read limits.
func cxmlLimits(_ limits: ReadLimits) -> cxml_limits {
    cxml_limits(
        max_depth: Int32(clamping: limits.maxXMLDepth), max_text: limits.maxCellTextBytes,
        max_cells: limits.maxCellsPerRow)
}

/// Maps a parser failure to a SpreadsheetError naming the file and part.
func xmlFailure(
    _ parser: OpaquePointer, status: Int32, path: String, part: String, sheet: String? = nil
) -> SpreadsheetError {
    let message = String(cString: cxml_parser_message(parser))
    let row = cxml_parser_error_row(parser)
    let column = cxml_parser_error_column(parser)
    let where_ = sheet == nil ? "\(part): " : ""
    switch Int(status) {
    case Int(CXML_ERR_DOCTYPE):
        return SpreadsheetError(
            .xmlEntity, file: path, sheet: sheet, reason: where_ + message,
            hint: "the file may be hostile (an XML entity bomb); it was not read")
    case Int(CXML_ERR_DEPTH), Int(CXML_ERR_TEXT), Int(CXML_ERR_CELLS),
        Int(CXML_ERR_ADDRESS):
        return SpreadsheetError(
            .limit, file: path, sheet: sheet, row: row > 0 ? Int(row) : nil, column: column >= 0 ? Int(column) : nil,
            reason: where_ + message, hint: "the file is damaged or hostile; re-save it in Excel or WPS")
    case Int(CXML_ERR_MEMORY):
        return SpreadsheetError(.limit, file: path, sheet: sheet, reason: where_ + "out of memory")
    default:
        return SpreadsheetError(
            .malformed, file: path, sheet: sheet, reason: where_ + message,
            hint: "the file is damaged; open it in Excel or WPS and save it as .xlsx again")
    }
}

/// Streams a small part through a generic event parser.
func parseEvents(
    archive: ZipArchive, part: String, sink: any XMLEventSink
) throws(SpreadsheetError) {
    let stream = try archive.open(part)
    let box = SinkBox(sink)
    guard let parser = makeEventParser(limits: archive.limits, box: box) else {
        throw SpreadsheetError(.limit, file: archive.path, reason: "out of memory creating an XML parser")
    }
    defer { cxml_parser_free(parser) }
    try withExtendedLifetime(box) { () throws(SpreadsheetError) in
        try feedAll(stream: stream, parser: parser, path: archive.path, part: part)
    }
}

/// An event parser calling `box`'s sink (which must outlive the parser).
private func makeEventParser(limits: ReadLimits, box: SinkBox) -> OpaquePointer? {
    let ctx = Unmanaged.passUnretained(box).toOpaque()
    let start: cxml_start_fn = { ctx, local, n, names, values in
        let box = Unmanaged<SinkBox>.fromOpaque(ctx!).takeUnretainedValue()
        var attrs: [String: String] = [:]
        if n > 0 {
            attrs.reserveCapacity(n)
            for i in 0..<n { attrs[String(cString: names![i]!)] = String(cString: values![i]!) }
        }
        box.sink.start(String(cString: local!), attrs)
        return 0
    }
    let end: cxml_end_fn = { ctx, local in
        let box = Unmanaged<SinkBox>.fromOpaque(ctx!).takeUnretainedValue()
        box.sink.end(String(cString: local!))
        return 0
    }
    let text: cxml_text_fn = { ctx, bytes, n in
        let box = Unmanaged<SinkBox>.fromOpaque(ctx!).takeUnretainedValue()
        box.sink.text(UnsafeRawBufferPointer(start: bytes, count: n))
        return 0
    }
    return cxml_event_parser_new(cxmlLimits(limits), ctx, start, end, text)
}

/// Feeds a whole entry into a parser, chunk by chunk.
func feedAll(stream: ZipEntryStream, parser: OpaquePointer, path: String, part: String) throws(SpreadsheetError) {
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
    defer { chunk.deallocate() }
    while true {
        let n = try stream.read(into: chunk)
        let status = cxml_parser_feed(
            parser, chunk.baseAddress!.assumingMemoryBound(to: CChar.self), n, n == 0 ? 1 : 0)
        if status != 0 { throw xmlFailure(parser, status: status, path: path, part: part) }
        if n == 0 { return }
    }
}
