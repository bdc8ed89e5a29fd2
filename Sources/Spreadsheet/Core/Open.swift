import Foundation

/// Opening any spreadsheet file by sniffing its bytes.
public enum Spreadsheets {
    /// Opens an XLSX workbook or a CSV file, choosing the reader from the file's first bytes
    /// (not its name). Legacy `.xls`, encrypted workbooks and other formats are refused with a
    /// clear error.
    public static func open(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError)
        -> any Workbook
    {
        let format: SpreadsheetFormat
        if let forced = options.format {
            format = forced
        } else {
            format = try sniff(path: path)
        }
        switch format {
        case .xlsx: return try XLSXWorkbook(path: path, options: options)
        case .csv: return try CSVWorkbook(path: path, options: options)
        }
    }

    /// Decides the format from the first bytes of the file.
    public static func sniff(path: String) throws(SpreadsheetError) -> SpreadsheetFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                if isDir.boolValue {
                    throw SpreadsheetError(.io, file: path, reason: "is a folder, not a file")
                }
                throw SpreadsheetError(
                    .io, file: path, reason: "cannot be opened for reading", hint: "check its permissions")
            }
            throw SpreadsheetError(.io, file: path, reason: "no such file")
        }
        defer { try? handle.close() }
        let head: Data
        do {
            head = try handle.read(upToCount: 4096) ?? Data()
        } catch {
            throw SpreadsheetError(.io, file: path, reason: "cannot be read: \(error.localizedDescription)")
        }
        return try classify(head: [UInt8](head), path: path)
    }

    /// Classifies a file from its first bytes (up to 4 KiB).
    static func classify(head: [UInt8], path: String) throws(SpreadsheetError) -> SpreadsheetFormat {
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return .xlsx
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // An OLE2 compound file: a legacy .xls, or an encrypted OOXML package (which Office
            // stores inside a compound file with EncryptionInfo and EncryptedPackage streams).
            if containsUTF16(head, "EncryptedPackage") || containsUTF16(head, "EncryptionInfo") {
                throw SpreadsheetError(
                    .encrypted, file: path, reason: "the workbook is password-protected",
                    hint: "open it in Excel or WPS, remove the password, save it as .xlsx and send it again")
            }
            throw SpreadsheetError(
                .legacyXLS, file: path, reason: "this is a legacy Excel 97-2003 (.xls) workbook",
                hint: "open it in Excel or WPS and save it as .xlsx (Excel Workbook)")
        }
        let magic: [([UInt8], String)] = [
            ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x47, 0x49, 0x46, 0x38], "a GIF image"),
            ([0x52, 0x61, 0x72, 0x21], "a RAR archive"),
            ([0x37, 0x7A, 0xBC, 0xAF], "a 7-Zip archive"),
            ([0x1F, 0x8B], "a gzip archive"),
            ([0x7B, 0x5C, 0x72, 0x74, 0x66], "an RTF document"),
        ]
        for (m, what) in magic where head.starts(with: m) {
            throw SpreadsheetError(
                .notSpreadsheet, file: path, reason: "this is \(what), not a spreadsheet",
                hint: "send the roster as .xlsx or .csv")
        }
        // Text: NUL bytes outside a UTF-16 BOM mean binary data.
        let isUTF16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !isUTF16, head.contains(0) {
            throw SpreadsheetError(
                .notSpreadsheet, file: path, reason: "binary data, not a spreadsheet or CSV text",
                hint: "send the roster as .xlsx or .csv")
        }
        return .csv
    }

    private static func containsUTF16(_ bytes: [UInt8], _ text: String) -> Bool {
        // The directory of a compound file may sit past the first 4 KiB; callers who need
        // certainty read more. Names are stored UTF-16LE.
        var needle: [UInt8] = []
        for u in text.utf16 {
            needle.append(UInt8(u & 0xFF))
            needle.append(UInt8(u >> 8))
        }
        guard bytes.count >= needle.count else { return false }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if Array(bytes[i..<(i + needle.count)]) == needle { return true }
        }
        return false
    }
}
