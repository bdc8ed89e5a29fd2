import Foundation
import Spreadsheet
import RosterCheck
import RosterCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A kind of bank payment file: a delimited template or an ISO 20022 pain.001 version.
public enum BankFormat: Sendable, Hashable {
    /// A delimited text file in a template's layout.
    case delimited(BankTemplate)
    /// An ISO 20022 `pain.001` XML message.
    case pain001(Pain001Version)

    /// Resolves a `--bank-template` argument: `pain.001.001.09`, `pain.001.001.03`, a built-in
    /// template name, or a path to a template `.json` file.
    public static func named(_ name: String) throws(BankFileError) -> BankFormat {
        if let v = Pain001Version(rawValue: name) { return .pain001(v) }
        return .delimited(try BankTemplate.resolve(name))
    }

    /// Every name `named(_:)` accepts without a file: the pain versions and built-in templates.
    public static var builtInNames: [String] { Pain001Version.allCases.map(\.rawValue) + BankTemplate.builtInNames }

    /// The format's name: the template's name or the pain version.
    public var name: String {
        switch self {
        case .delimited(let t): t.name
        case .pain001(let v): v.rawValue
        }
    }

    /// The output file name for `batch` (pain files: `<programme>_<period>_<date>_<version>.xml`).
    public func outputFileName(for batch: PaymentBatch) -> String {
        switch self {
        case .delimited(let t):
            return t.outputFileName(for: batch)
        case .pain001(let v):
            return [batch.programmeId, batch.period, batch.executionDate, v.rawValue]
                .map(sanitizeFileNamePart).joined(separator: "_") + ".xml"
        }
    }
}

/// What was written: where, in which format, and the count and total read back from it.
public struct BankFileOutput: Sendable, Hashable, Codable {
    /// The file's path.
    public var path: String
    /// The format's name.
    public var format: String
    /// The number of payments in the file.
    public var count: Int
    /// The total of the file's amounts.
    public var total: Money
    /// The file's size in bytes.
    public var byteCount: Int
    /// The SHA-256 of the file's bytes, lowercase hex.
    public var sha256: String
}

/// Writes bank payment files: renders, reads back, optionally validates against an XSD, then
/// moves the file into place atomically, never over an existing file unless asked.
public enum BankFiles {
    /// The bytes of `batch` in `format`, already read back and compared with the batch.
    public static func render(_ batch: PaymentBatch, format: BankFormat) throws(BankFileError) -> [UInt8] {
        switch format {
        case .delimited(let t): try DelimitedBankFile.render(batch, template: t)
        case .pain001(let v): try Pain001.render(batch, version: v)
        }
    }

    /// Reads `bytes` back as `format` and compares the count, amounts and total with `batch`.
    public static func verify(_ bytes: [UInt8], format: BankFormat, batch: PaymentBatch) throws(BankFileError) {
        switch format {
        case .delimited(let t): try DelimitedBankFile.verify(bytes, template: t, batch: batch)
        case .pain001: try Pain001.verify(bytes, batch: batch)
        }
    }

    /// Writes `batch` in `format` into `directory` under the format's file name.
    ///
    /// The file is written to a temporary file beside the target, read back from disk and
    /// compared with the batch, validated against `xsdPath` when given (pain formats only),
    /// then renamed into place. On any failure the temporary file is removed and nothing
    /// appears. An existing file is an error unless `overwrite` is true.
    public static func write(
        _ batch: PaymentBatch, format: BankFormat, directory: String, overwrite: Bool = false,
        xsdPath: String? = nil
    ) throws(BankFileError) -> BankFileOutput {
        let path = directory.hasSuffix("/") ? directory + format.outputFileName(for: batch)
            : directory + "/" + format.outputFileName(for: batch)
        return try write(batch, format: format, to: path, overwrite: overwrite, xsdPath: xsdPath)
    }

    /// Writes `batch` in `format` to `path`; see `write(_:format:directory:overwrite:xsdPath:)`.
    public static func write(
        _ batch: PaymentBatch, format: BankFormat, to path: String, overwrite: Bool = false,
        xsdPath: String? = nil
    ) throws(BankFileError) -> BankFileOutput {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw BankFileError(.exists, "the file already exists; remove it or ask to overwrite", file: path)
        }
        var validator: XMLSchemaValidator? = nil
        if let xsdPath, case .pain001 = format {
            do {
                validator = try XMLSchemaValidator(xsdPath: xsdPath)
            } catch {
                throw BankFileError(.schema, "cannot use the XML schema: \(error.description)", file: xsdPath)
            }
        }
        let written: Written
        switch format {
        case .delimited(let t): written = try writeStreamed(batch, template: t, beside: path)
        case .pain001: written = try writeWhole(batch, format: format, beside: path)
        }
        do throws(BankFileError) {
            if let v = validator { try validate(written.temp, with: v, xsdPath: xsdPath, path: path) }
            do {
                try AtomicFile.commit(written.temp, to: path, overwrite: overwrite)
            } catch {
                throw BankFileError(error.kind == .exists ? .exists : .io, error.reason, file: path)
            }
        } catch {
            unlink(written.temp)
            throw error.inFile(path)
        }
        return BankFileOutput(
            path: path, format: format.name, count: batch.count, total: batch.total, byteCount: written.byteCount,
            sha256: written.sha256)
    }

    /// A bank file in its temporary place, read back from disk and found to match the batch.
    private struct Written {
        var temp: String
        var byteCount: Int
        var sha256: String
    }

    /// A delimited file streamed to a temporary file beside `path` a piece at a time (a
    /// 100,000-payment file is never held whole), hashed as it goes, then parsed back from
    /// the disk and compared with the batch.
    private static func writeStreamed(_ batch: PaymentBatch, template: BankTemplate, beside path: String) throws(BankFileError) -> Written {
        var hash = SHA256Stream()
        var byteCount = 0
        var failure: BankFileError? = nil
        let temp: String
        do throws(SpreadsheetError) {
            temp = try AtomicFile.writeTemporary(beside: path) { write in
                do throws(BankFileError) {
                    try DelimitedBankFile.produce(batch, template: template) { piece in
                        hash.update(piece)
                        byteCount += piece.count
                        write(piece)
                    }
                } catch {
                    failure = error
                }
            }
        } catch {
            // What the batch cannot be written as comes before a full disk.
            throw failure?.inFile(path) ?? BankFileError(.io, error.reason, file: path)
        }
        do throws(BankFileError) {
            if let failure { throw failure }
            // Read back what is on disk, not what was in memory: its size, then every record.
            var st = stat()
            guard stat(temp, &st) == 0 else { throw unreadable(path) }
            guard Int(st.st_size) == byteCount else { throw differs(path) }
            try DelimitedBankFile.verify(fileAt: temp, template: template, batch: batch)
        } catch {
            unlink(temp)
            throw error.inFile(path)
        }
        return Written(temp: temp, byteCount: byteCount, sha256: hash.hex())
    }

    /// A file rendered whole (and read back by `render`), written to a temporary file beside
    /// `path`, then compared byte for byte with what is on disk.
    private static func writeWhole(_ batch: PaymentBatch, format: BankFormat, beside path: String) throws(BankFileError) -> Written {
        let bytes: [UInt8]
        do {
            bytes = try render(batch, format: format)
        } catch {
            throw error.inFile(path)
        }
        let temp: String
        do {
            temp = try AtomicFile.writeTemporary(bytes, beside: path)
        } catch {
            throw BankFileError(.io, error.reason, file: path)
        }
        // `render` read these very bytes back and compared them with the batch; the file on disk
        // is byte-identical to them, so it reads back the same without a second parse.
        let failure: BankFileError? =
            switch AtomicFile.compare(temp, with: bytes) {
            case .unreadable: unreadable(path)
            case .different: differs(path)
            case .same: nil
            }
        if let failure {
            unlink(temp)
            throw failure
        }
        return Written(temp: temp, byteCount: bytes.count, sha256: sha256Hex(bytes: bytes))
    }

    /// The file just written at `path` cannot be read back.
    private static func unreadable(_ path: String) -> BankFileError {
        BankFileError(.io, "cannot read back the file just written", file: path)
    }

    /// The file read back at `path` is not what was written.
    private static func differs(_ path: String) -> BankFileError {
        BankFileError(.mismatch, "the file read back differs from what was written; the disk may be full", file: path)
    }

    /// Validates the XML file at `temp` against the schema `validator` was made from.
    private static func validate(_ temp: String, with validator: borrowing XMLSchemaValidator, xsdPath: String?, path: String) throws(BankFileError) {
        let errors: [String]
        do throws(XMLSchemaValidator.Failure) {
            errors = try validator.validate(xmlPath: temp)
        } catch {
            throw BankFileError(.schema, "the XML cannot be read for validation: \(error.messages.first ?? "")", file: path)
        }
        if !errors.isEmpty {
            let more = errors.count > 1 ? " (and \(errors.count - 1) more)" : ""
            throw BankFileError(
                .schema, "does not satisfy \(xsdPath ?? "the schema"): \(errors[0])\(more); the file was not kept", file: path)
        }
    }
}
