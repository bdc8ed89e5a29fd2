internal import CXMLBridge

/// Receives the events of a small package part (relationships, workbook, styles).
protocol XMLEventSink: AnyObject {
    /// An element starts; `attributes` are keyed by local name.
    func start(_ name: String, _ attributes: [String: String])
    /// An element ends.
    func end(_ name: String)
    /// Text inside the current element (may come in pieces).
    func text(_ bytes: UnsafeRawBufferPointer)
}

extension XMLEventSink {
    func end(_ name: String) {}
    func text(_ bytes: UnsafeRawBufferPointer) {}
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
    let ctx = Unmanaged.passUnretained(box).toOpaque()
    let start: cxml_start_fn = { ctx, local, n, names, values in
        let box = Unmanaged<SinkBox>.fromOpaque(ctx!).takeUnretainedValue()
        var attrs: [String: String] = [:]
        for i in 0..<n {
            attrs[String(cString: names![i]!)] = String(cString: values![i]!)
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
    guard let parser = cxml_event_parser_new(cxmlLimits(archive.limits), ctx, start, end, text) else {
        throw SpreadsheetError(.limit, file: archive.path, reason: "out of memory creating an XML parser")
    }
    defer { cxml_parser_free(parser) }
    try withExtendedLifetime(box) { () throws(SpreadsheetError) in
        try feedAll(stream: stream, parser: parser, path: archive.path, part: part)
    }
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
