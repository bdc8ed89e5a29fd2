import Foundation

/// Opening any spreadsheet file by sniffing its bytes.
public enum Spreadsheets {
    /// Opens an XLSX workbook or a CSV file, choosing the reader from the file's first bytes
    /// (not its name). Legacy `.xls`, encrypted workbooks and other formats are refused with a
    /// clear error.
    public static func open(path: String, options: ReadOptions = ReadOptions()) throws(SpreadsheetError)
        -> any Workbook
    {
        try refuseEmpty(path: path)
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

    /// Refuses a file of 0 bytes, whatever its name says it is: an interrupted copy or
    /// download, which no reader can tell from a damaged file.
    static func refuseEmpty(path: String) throws(SpreadsheetError) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size == 0 else { return }
        throw SpreadsheetError(
            .empty, file: path, reason: "the file is empty (0 bytes)",
            hint: "the copy or download was interrupted; send the file again")
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
        let bytes = [UInt8](head)
        if bytes.starts(with: oleSignature), oleDirectoryHasEncryptedPackage(handle) {
            throw SpreadsheetError(
                .encrypted, file: path, reason: "the workbook is password-protected",
                hint: "open it in Excel or WPS, remove the password, save it as .xlsx and send it again")
        }
        return try classify(head: bytes, path: path)
    }

    static let oleSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Walks an OLE2 compound file's directory (wherever it sits in the file) looking for the
    /// `EncryptedPackage` / `EncryptionInfo` streams of an encrypted OOXML workbook. Bounded: at
    /// most 4,096 directory sectors, FAT sectors from the header's DIFAT only.
    static func oleDirectoryHasEncryptedPackage(_ handle: FileHandle) -> Bool {
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            do {
                try handle.seek(toOffset: offset)
                guard let d = try handle.read(upToCount: count), d.count == count else { return nil }
                return [UInt8](d)
            } catch { return nil }
        }
        func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
            UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
        }
        guard let header = read(0, 512) else { return false }
        let shift = Int(UInt16(header[0x1E]) | UInt16(header[0x1F]) << 8)
        guard shift == 9 || shift == 12 else { return false }
        let sectorSize = 1 << shift
        var difat: [UInt32] = []
        for i in 0..<109 { difat.append(u32(header, 0x4C + 4 * i)) }
        let perFAT = sectorSize / 4
        func nextSector(_ s: UInt32) -> UInt32? {
            let fatIndex = Int(s) / perFAT
            guard fatIndex < difat.count, difat[fatIndex] < 0xFFFF_FFFA else { return nil }
            let offset = UInt64(difat[fatIndex] + 1) * UInt64(sectorSize) + UInt64((Int(s) % perFAT) * 4)
            guard let b = read(offset, 4) else { return nil }
            return u32(b, 0)
        }
        let names = ["EncryptedPackage", "EncryptionInfo"].map { name -> [UInt8] in
            name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        var sector = u32(header, 0x30)
        var visited = 0
        while sector < 0xFFFF_FFFA, visited < 4096 {
            visited += 1
            guard let dir = read(UInt64(sector + 1) * UInt64(sectorSize), sectorSize) else { return false }
            // Directory entries are 128 bytes: a UTF-16LE name of up to 64 bytes, then its length.
            for e in stride(from: 0, to: sectorSize, by: 128) {
                let nameLength = Int(UInt16(dir[e + 64]) | UInt16(dir[e + 65]) << 8)
                guard nameLength >= 2, nameLength <= 64 else { continue }
                let name = Array(dir[e..<(e + nameLength - 2)])
                if names.contains(name) { return true }
            }
            guard let next = nextSector(sector) else { return false }
            sector = next
        }
        return false
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
                hint: "save it as .xlsx or .csv")
        }
        // Text: NUL bytes outside a UTF-16 BOM mean binary data.
        let isUTF16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !isUTF16, head.contains(0) {
            throw SpreadsheetError(
                .notSpreadsheet, file: path, reason: "binary data, not a spreadsheet or CSV text",
                hint: "save it as .xlsx or .csv")
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
