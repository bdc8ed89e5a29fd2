internal import CZip
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only zip archive (an OOXML package), its entries found by normalised part name.
///
/// Part names are matched case-insensitively, with backslashes read as slashes and without a
/// leading slash, as OPC requires and as some producers need.
final class ZipArchive: @unchecked Sendable {  // used by one thread at a time: another thread opens its own handle (`reopened()`)
    /// The path as the caller gave it.
    let path: String
    let limits: ReadLimits
    /// Bytes inflated through this handle and every handle reopened from it.
    let meter: InflationMeter
    private let handle: OpaquePointer
    private var byName: [String: UInt64] = [:]

    init(path: String, limits: ReadLimits, meter: InflationMeter = InflationMeter()) throws(SpreadsheetError) {
        self.path = path
        self.limits = limits
        self.meter = meter
        var code: Int32 = 0
        guard let za = zip_open(path, ZIP_RDONLY, &code) else {
            throw ZipArchive.openError(code: code, path: path)
        }
        handle = za
        let n = zip_get_num_entries(za, 0)
        if n > 0 {
            for i in 0..<UInt64(n) {
                guard let cname = zip_get_name(za, i, ZIP_FL_ENC_GUESS) else { continue }
                let name = String(cString: cname)
                if name.hasSuffix("/") { continue }
                let key = ZipArchive.normalise(name)
                if byName[key] == nil { byName[key] = i }
            }
        }
    }

    deinit { zip_discard(handle) }

    /// A second, independent handle on the same file (for reading on another thread).
    func reopened() throws(SpreadsheetError) -> ZipArchive { try ZipArchive(path: path, limits: limits, meter: meter) }

    /// Normalised form of a part name: `/xl\Sheet1.xml` → `xl/sheet1.xml`.
    static func normalise(_ name: String) -> String {
        var s = name.replacingBackslashes()
        while s.hasPrefix("/") { s.removeFirst() }
        return s.lowercased()
    }

    /// The entry index of a part, if the archive holds it.
    func locate(_ partName: String) -> UInt64? { byName[ZipArchive.normalise(partName)] }

    /// True when the archive holds the part.
    func contains(_ partName: String) -> Bool { locate(partName) != nil }

    /// Opens an entry for streaming reads, with the bomb checks.
    func open(_ partName: String) throws(SpreadsheetError) -> ZipEntryStream {
        guard let index = locate(partName) else {
            throw SpreadsheetError(.malformed, file: path, reason: "the package has no part \(partName)")
        }
        var st = zip_stat_t()
        zip_stat_init(&st)
        if zip_stat_index(handle, index, 0, &st) != 0 {
            throw SpreadsheetError(.corrupt, file: path, reason: "cannot read the zip entry of \(partName)")
        }
        if st.encryption_method != 0 {
            throw SpreadsheetError(
                .encrypted, file: path, reason: "the zip entry \(partName) is encrypted",
                hint: "remove the password and save it as .xlsx again")
        }
        guard let file = zip_fopen_index(handle, index, 0) else {
            let err = zip_get_error(handle)
            let code = err.map { zip_error_code_zip($0) } ?? 0
            let message = err.flatMap { zip_error_strerror($0) }.map { String(cString: $0) } ?? "unknown error"
            if code == ZIP_ER_COMPNOTSUPP || code == ZIP_ER_ENCRNOTSUPP {
                throw SpreadsheetError(
                    .corrupt, file: path, reason: "\(partName) uses an unsupported zip method (\(message))",
                    hint: "open it in Excel or WPS and save it as .xlsx again")
            }
            throw SpreadsheetError(.corrupt, file: path, reason: "cannot open \(partName) in the archive: \(message)")
        }
        return ZipEntryStream(
            archive: self, file: file, partName: partName,
            declaredSize: (st.valid & UInt64(ZIP_STAT_SIZE)) != 0 ? Int64(st.size) : -1,
            compressedSize: (st.valid & UInt64(ZIP_STAT_COMP_SIZE)) != 0 ? Int64(st.comp_size) : -1)
    }

    private static func openError(code: Int32, path: String) -> SpreadsheetError {
        switch code {
        case ZIP_ER_NOENT:
            return SpreadsheetError(.io, file: path, reason: "no such file")
        case ZIP_ER_OPEN, ZIP_ER_READ, ZIP_ER_SEEK:
            return SpreadsheetError(.io, file: path, reason: "cannot be opened for reading", hint: "check its permissions")
        case ZIP_ER_NOZIP:
            if let head = try? readHead(path), head.starts(with: [0x50, 0x4B]) {
                return SpreadsheetError(
                    .corrupt, file: path, reason: "the zip archive is damaged or truncated",
                    hint: "send the file again, or open it in Excel or WPS and save it as .xlsx")
            }
            do throws(SpreadsheetError) {
                _ = try Spreadsheets.sniff(path: path)
            } catch {
                return error
            }
            return SpreadsheetError(
                .notSpreadsheet, file: path, reason: "not an XLSX workbook (not a zip archive)",
                hint: "save it as .xlsx or .csv")
        case ZIP_ER_INCONS, ZIP_ER_EOF, ZIP_ER_CRC, ZIP_ER_MULTIDISK, ZIP_ER_COMPRESSED_DATA:
            return SpreadsheetError(
                .corrupt, file: path, reason: "the zip archive is damaged or truncated",
                hint: "send the file again, or open it in Excel or WPS and save it as .xlsx")
        default:
            var err = zip_error_t()
            zip_error_init_with_code(&err, code)
            let message = String(cString: zip_error_strerror(&err))
            zip_error_fini(&err)
            return SpreadsheetError(.corrupt, file: path, reason: "cannot open the zip archive: \(message)")
        }
    }

    private static func readHead(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { return [] }
        defer { fclose(f) }
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = fread(&buf, 1, buf.count, f)
        return Array(buf[0..<n])
    }
}

/// One entry of an archive, inflated chunk by chunk with the zip-bomb checks: the inflated
/// bytes are counted here, never trusted from the archive's directory.
/// Used by one thread at a time: created on one thread and handed to a loader thread.
final class ZipEntryStream: @unchecked Sendable {  // used by one thread at a time, handed over whole to a loader thread
    let archive: ZipArchive
    let partName: String
    private var file: OpaquePointer?
    private let declaredSize: Int64
    private let compressedSize: Int64
    private(set) var inflated: Int64 = 0
    /// The inflated size the archive declares (-1 when unknown); a hint only, never trusted.
    var declaredSizeHint: Int64 { declaredSize }
    private var ended = false

    fileprivate init(archive: ZipArchive, file: OpaquePointer, partName: String, declaredSize: Int64, compressedSize: Int64) {
        self.archive = archive
        self.file = file
        self.partName = partName
        self.declaredSize = declaredSize
        self.compressedSize = compressedSize
    }

    deinit { close() }

    func close() {
        if let f = file { zip_fclose(f) }
        file = nil
    }

    /// Reads up to `buffer.count` inflated bytes; 0 at the end of the entry.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SpreadsheetError) -> Int {
        guard let f = file, !ended else { return 0 }
        let n = zip_fread(f, buffer.baseAddress, UInt64(buffer.count))
        if n < 0 {
            let err = zip_file_get_error(f)
            let code = err.map { zip_error_code_zip($0) } ?? 0
            let message = err.flatMap { zip_error_strerror($0) }.map { String(cString: $0) } ?? "read error"
            close()
            let kind: SpreadsheetError.Kind = code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_NOPASSWD ? .encrypted : .corrupt
            throw SpreadsheetError(
                kind, file: archive.path, reason: "\(partName) cannot be inflated: \(message)",
                hint: "the archive is damaged; send the file again or re-save it as .xlsx")
        }
        if n == 0 {
            ended = true
            close()
            return 0
        }
        inflated += n
        archive.meter.add(Int64(n))
        try check()
        return Int(n)
    }

    private func check() throws(SpreadsheetError) {
        let limits = archive.limits
        if inflated > limits.maxEntrySize {
            close()
            throw SpreadsheetError(
                .zipBomb, file: archive.path,
                reason: "\(partName) inflates beyond \(limits.maxEntrySize) bytes, the size limit",
                hint: "the file may be a zip bomb; it was not read")
        }
        if declaredSize >= 0, inflated > declaredSize {
            close()
            throw SpreadsheetError(
                .zipBomb, file: archive.path,
                reason: "\(partName) inflates beyond the \(declaredSize) bytes its zip entry declares",
                hint: "the file is damaged or hostile; it was not read")
        }
        if inflated > limits.ratioCheckThreshold, compressedSize >= 0,
            inflated > max(compressedSize, 1) * limits.maxCompressionRatio
        {
            close()
            throw SpreadsheetError(
                .zipBomb, file: archive.path,
                reason: "\(partName) inflates more than \(limits.maxCompressionRatio):1 (\(compressedSize) bytes to over \(inflated))",
                hint: "the file may be a zip bomb; it was not read")
        }
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        guard utf8.contains(UInt8(ascii: "\\")) else { return self }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "\\") ? UInt8(ascii: "/") : $0 }, as: UTF8.self)
    }
}

/// The bytes a workbook's parts inflated to, across the threads reading them: how much work a
/// file cost, whatever the clock says (tests bound hostile files by it).
final class InflationMeter: @unchecked Sendable {  // `total` is read and written under `lock`
    private let lock = NSLock()
    private var total: Int64 = 0
    func add(_ n: Int64) { lock.withLock { total += n } }
    var bytes: Int64 { lock.withLock { total } }
}
