import Foundation
import RosterCore
import Spreadsheet

/// Reading rosters and checking them, as `roster check` and `roster run` both do: the register
/// loads on its own thread while the rosters are read on all cores; once the register is in,
/// its thread checks the rows read so far (``CheckPipeline``), and the reading thread joins in
/// when every file is read. Each file is then checked on its own; duplicates across files are
/// left to the caller (``Validator/findDuplicates(_:)``), which may first learn who was paid
/// before.
public enum CheckSession {
    /// What reading and checking gave.
    public struct Outcome: Sendable {
        /// Every input, in the order of the paths: read, or why it could not be.
        public var read: [Result<RosterFile, SpreadsheetError>]
        /// The check of each file read, in the same order (nil for an unreadable input); rows
        /// are checked, duplicates across files are not yet.
        public var checks: [FileCheck?]
        /// The validator, holding the register.
        public var validator: Validator
        /// The register's rows that were skipped, one line each (no personal data).
        public var registerProblems: [String]

        /// Takes the checks of the files read, in path order, leaving none behind: their rows
        /// then have one owner, so marking duplicates changes them in place instead of copying
        /// 100,000 rows.
        public mutating func takeChecked() -> [FileCheck] {
            let taken = checks.compactMap { $0 }
            checks = []
            return taken
        }
    }

    /// Reads `paths` (relative ones in `folder`, named as given) with `locator` while the
    /// register at `registerPath` loads, and checks every
    /// row with the validator `makeValidator` makes. `fileRead` is called (from the reading
    /// threads) as each file is done, with its data rows. A register that cannot be used is
    /// thrown once reading has ended; `registerFailed`, if given, hears of it at once (the CLI
    /// stops there).
    public static func readAndCheck(
        paths: [String], in folder: String? = nil, registerPath: String, locator: RosterLocator,
        options: ReadOptions = ReadOptions(),
        fallbackDistrict: String? = nil, makeValidator: @escaping @Sendable (Registry) -> Validator,
        fileRead: (@Sendable (_ rows: Int) -> Void)? = nil, registerFailed: (@Sendable (RosterError) -> Void)? = nil
    ) throws(RosterError) -> Outcome {
        let pipeline = CheckPipeline(fileCount: paths.count)
        let loading = RegisterLoad(
            path: registerPath, failed: registerFailed, work: { pipeline.work(with: $0) }, makeValidator: makeValidator)
        let read = CheckReport.read(
            paths: paths, in: folder, locator: locator, options: options, fallbackDistrict: fallbackDistrict, pipeline: pipeline,
            fileRead: fileRead)
        pipeline.readingFinished()
        let validator = try loading.wait()
        pipeline.work(with: validator)
        loading.waitForWorker()
        var checks: [FileCheck?] = []
        checks.reserveCapacity(read.count)
        for (i, r) in read.enumerated() {
            guard case .success(let f) = r else {
                checks.append(nil)
                continue
            }
            checks.append(validator.checkRows(f, prechecked: pipeline.checkedRows(file: i, dataRows: f.dataRows)))
        }
        return Outcome(read: read, checks: checks, validator: validator, registerProblems: validator.registry.problems)
    }
}

/// The honour register being loaded on a thread of its own, which then goes on checking rows.
final class RegisterLoad: @unchecked Sendable {  // `result` is written before `loaded` is signalled and read after waiting on it
    private let loaded = DispatchSemaphore(value: 0)
    private let workerDone = DispatchSemaphore(value: 0)
    private var result: Result<Validator, RosterError>?

    /// Starts loading `path`; once it is in, the same thread makes the validator and runs
    /// `work` with it (a register that fails goes to `failed` and no work is done).
    init(
        path: String, failed: (@Sendable (RosterError) -> Void)?, work: @escaping @Sendable (Validator) -> Void,
        makeValidator: @escaping @Sendable (Registry) -> Validator
    ) {
        Thread.detachNewThread { [self] in
            do throws(RosterError) {
                let validator = makeValidator(try Registry.load(path: path))
                result = .success(validator)
                loaded.signal()
                work(validator)
            } catch {
                result = .failure(error)
                loaded.signal()
                failed?(error)
            }
            workerDone.signal()
        }
    }

    /// The validator once the register is loaded, or the register's error.
    func wait() throws(RosterError) -> Validator {
        loaded.wait()
        loaded.signal()
        return try result!.get()
    }

    /// Waits until the loading thread has stopped working.
    func waitForWorker() { workerDone.wait() }
}
