import Foundation
import RosterCore
import Spreadsheet

/// Reads any bank result file: an ISO 20022 pain.002 or camt.054 (told apart by their root
/// element), or a delimited result list in a ``ResultTemplate``'s layout.
public enum ResultFiles {
    /// The largest result file read (a 100,000-line pain.002 is about 60 MB).
    public static let maxBytes = 512 << 20

    /// Reads `path` (`shown` in messages); `template` is used for files that are not XML.
    public static func read(path: String, shown: String? = nil, template: ResultTemplate?) throws(BankResultError) -> BankResult {
        let name = shown ?? path
        let bytes = try load(path, name: name)
        let sha = sha256Hex(bytes: bytes)
        var limits = ReadLimits()
        limits.maxCellTextBytes = 64 << 10
        if isXML(bytes) {
            let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
            if head.contains("BkToCstmrDbtCdtNtfctn") || head.contains("camt.054") {
                return try Camt054Reader.read(bytes: bytes, file: name, sha256: sha, limits: limits)
            }
            return try Pain002Reader.read(bytes: bytes, file: name, sha256: sha, limits: limits)
        }
        guard let template else {
            throw BankResultError(
                .unreadable, file: name,
                "not XML, so a delimited result list: say which bank layout with --result-template (\(ResultTemplate.builtInNames.joined(separator: ", ")) or a .json file)")
        }
        return try DelimitedResultReader.read(bytes: bytes, file: name, sha256: sha, template: template, limits: limits)
    }

    static func load(_ path: String, name: String) throws(BankResultError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw BankResultError(.unreadable, file: name, "cannot be read (\(String(cString: strerror(errno)))); check the path") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw BankResultError(.unreadable, file: name, "not a file") }
        guard Int(info.st_size) <= maxBytes else {
            throw BankResultError(.unreadable, file: name, "\(info.st_size) bytes, more than the \(maxBytes >> 20) MiB a result file may have")
        }
        guard info.st_size > 0 else { throw BankResultError(.unreadable, file: name, "the file is empty (0 bytes); ask the bank to send it again") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BankResultError(.unreadable, file: name, "cannot be read; check the permissions")
        }
        return Array(data)
    }

    /// Whether the bytes start (after a byte order mark and white space) with `<`.
    static func isXML(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count && bytes[i] == UInt8(ascii: "<")
    }
}
