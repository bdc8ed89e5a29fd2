internal import CXMLBridge

/// Validates XML files against an XML Schema (XSD) with libxml2's schema validator.
///
/// The schema and the documents are parsed without network access and without entity
/// substitution. The compiled schema is freed exactly once, when the validator goes away.
public struct XMLSchemaValidator: ~Copyable {
    /// Why a schema could not be used or a document could not be checked.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The file concerned (the schema or the document).
        public let path: String
        /// What went wrong, one message per line of the parser, each with its line number.
        public let messages: [String]
        /// One line for people: file, first message, what to do.
        public var description: String {
            let first = messages.first ?? "unknown error"
            let more = messages.count > 1 ? " (and \(messages.count - 1) more)" : ""
            return "\(path): \(first)\(more)"
        }
    }

    /// The schema file this validator was built from.
    public let xsdPath: String
    private let handle: OpaquePointer

    /// Loads and compiles the schema at `xsdPath`; throws `Failure` when it cannot be read,
    /// is not well-formed or is not a usable schema.
    public init(xsdPath: String) throws(Failure) {
        var status: Int32 = 0
        var buffer = [CChar](repeating: 0, count: 8192)
        let h = buffer.withUnsafeMutableBufferPointer { buf in
            cxml_schema_load(xsdPath, buf.baseAddress, buf.count, &status)
        }
        guard let h else {
            throw Failure(path: xsdPath, messages: Self.lines(buffer, fallback: "cannot load the schema"))
        }
        self.handle = h
        self.xsdPath = xsdPath
    }

    deinit { cxml_schema_free(handle) }

    /// Validates the XML file at `xmlPath`. Returns the schema violations ("line N: message"),
    /// empty when the document is valid; throws `Failure` when the file cannot be read or is
    /// not well-formed XML.
    public func validate(xmlPath: String) throws(Failure) -> [String] {
        var count: Int32 = 0
        var buffer = [CChar](repeating: 0, count: 65536)
        let rc = buffer.withUnsafeMutableBufferPointer { buf in
            cxml_schema_validate_file(handle, xmlPath, buf.baseAddress, buf.count, &count)
        }
        switch rc {
        case Int32(CXML_SCHEMA_OK):
            return []
        case Int32(CXML_SCHEMA_INVALID):
            var lines = Self.lines(buffer, fallback: "the document does not satisfy the schema")
            if Int(count) > lines.count {
                lines.append("… \(Int(count) - lines.count) more messages not shown")
            }
            return lines
        default:
            throw Failure(path: xmlPath, messages: Self.lines(buffer, fallback: "cannot read the document"))
        }
    }

    private static func lines(_ buffer: [CChar], fallback: String) -> [String] {
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let lines = text.split(separator: "\n").map(String.init)
        return lines.isEmpty ? [fallback] : lines
    }
}
