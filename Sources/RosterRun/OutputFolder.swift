import Foundation
import RosterLedger
import Spreadsheet

/// The folder a run writes its outputs into and then moves into place: a hidden work folder
/// beside the output folder (`.OUT.tmp-XXXXXX`), locked from creation until the run ends. It
/// owns every step the disk sees: clearing what a killed run left, the lock, the move into place
/// (an existing folder moved aside and put back if the move fails), removing the work folder
/// when the run stops early, and telling, after a kill, whether a recorded batch's outputs
/// reached their place.
final class OutputFolder {
    /// The output folder (absolute).
    let target: String
    /// The output folder as the user gave it.
    let shown: String
    /// The work folder the outputs are written into (absolute).
    let work: String
    /// Held until the run ends: tells another run's recovery and leftover cleanup that the folder
    /// is in use (the lock follows the folder when it is renamed). A file system without `flock`
    /// gives no lock; the run goes on without it.
    private var lock: FolderLock?
    /// The old output folder, moved aside while the new one moves in (`--force`).
    private var aside: String?
    /// True once the outputs are in place.
    private(set) var moved = false
    /// Keep the work folder when the run stops (the ledger still names it: the next opening
    /// of the ledger resolves it).
    var keepWork = false

    /// Creates the work folder beside `target`, after creating its missing parents and removing
    /// what a killed run writing the same folder left behind (said through `notice`).
    init(target: String, shown: String, startedAt started: Date, notice: ((String) -> Void)?) throws(RunError) {
        self.target = target
        self.shown = shown
        let parent = (target as NSString).deletingLastPathComponent
        do {
            try Folders.create(parent)
        } catch {
            throw RunError(.output, "\(shown): \(error.reason); \(error.hint ?? "check the permissions")")
        }
        let removed = Self.removeStaleLeftovers(of: target, olderThan: started)
        if !removed.isEmpty {
            notice?(
                "removed \(removed.count) folder\(removed.count == 1 ? "" : "s") left by an interrupted run of \(shown): \(removed.joined(separator: ", "))"
            )
        }
        work = try Self.makeTempDir(beside: target)
        lock = FolderLock(work)
    }

    deinit { close() }

    /// Ends the run's hold: releases the lock, removes the work folder unless the outputs moved
    /// into place or it must be kept, and removes the old folder moved aside.
    func close() {
        lock?.release()
        lock = nil
        if !moved && !keepWork { try? FileManager.default.removeItem(atPath: work) }
        if let a = aside, moved { try? FileManager.default.removeItem(atPath: a) }
        aside = nil
    }

    /// Moves the work folder into place, atomically: an existing output folder (allowed with
    /// `force`) is first moved aside, and put back if the move fails.
    func moveIntoPlace(force: Bool) throws(RunError) {
        do throws(RunError) {
            if FileManager.default.fileExists(atPath: target) {
                guard force else {
                    throw RunError(.input, "\(shown): the output folder appeared while running; add --force to replace it")
                }
                let a = try Self.makeTempDir(beside: target, tag: "old")
                rmdir(a)
                guard rename(target, a) == 0 else {
                    throw RunError(.output, "\(shown): cannot move the old folder aside (\(String(cString: strerror(errno))))")
                }
                aside = a
            }
            guard rename(work, target) == 0 else {
                throw RunError(.output, "\(shown): cannot move the outputs into place (\(String(cString: strerror(errno))))")
            }
            moved = true
        } catch {
            if let a = aside { rename(a, target) }
            aside = nil
            throw error
        }
    }

    // MARK: - names

    /// `message` with every work folder path of `target` replaced by the output folder as shown.
    static func hidingWorkFolders(_ message: String, target: String, shown: String) -> String {
        let parent = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        var out = message
        for prefix in [parent + "/." + base + ".", "." + base + "."] {
            let pattern = NSRegularExpression.escapedPattern(for: prefix) + "(tmp|old)-[A-Za-z0-9]{6}"
            guard let re = try? NSRegularExpression(pattern: pattern) else { continue }
            out = re.stringByReplacingMatches(
                in: out, range: NSRange(out.startIndex..., in: out), withTemplate: NSRegularExpression.escapedTemplate(for: shown))
        }
        return out
    }

    /// Whether `name` is exactly a work folder name of output folder `base`:
    /// `.BASE.tmp-XXXXXX` or `.BASE.old-XXXXXX` (six letters or digits, as `mkdtemp` makes).
    static func isWorkFolderName(_ name: String, base: String) -> Bool {
        for tag in ["tmp", "old"] {
            let prefix = "." + base + "." + tag + "-"
            guard name.hasPrefix(prefix) else { continue }
            let suffix = name.utf8.dropFirst(prefix.utf8.count)
            if suffix.count == 6, suffix.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                return true
            }
        }
        return false
    }

    /// A new folder `.BASE.TAG-XXXXXX` beside `target`.
    static func makeTempDir(beside target: String, tag: String = "tmp") throws(RunError) -> String {
        do {
            return try FileIO.makeTemporaryFolder(in: (target as NSString).deletingLastPathComponent, prefix: "." + (target as NSString).lastPathComponent + "." + tag + "-")
        } catch {
            throw RunError(.output, "\(error.file): \(error.reason); check the permissions")
        }
    }

    // MARK: - what killed runs left

    /// Removes the work folders of output folder `target` left by a killed run: only real
    /// folders (not links) owned by this user, named exactly `.BASE.tmp-XXXXXX` /
    /// `.BASE.old-XXXXXX`, last changed before `start`, and not locked by a run still going.
    /// Each is first renamed to a fresh name of the same pattern, so a run still using it can
    /// never move a half-deleted folder into place. Returns the names removed, sorted.
    static func removeStaleLeftovers(of target: String, olderThan start: Date) -> [String] {
        let fm = FileManager.default
        let parent = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        guard let names = try? fm.contentsOfDirectory(atPath: parent) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where isWorkFolderName(name, base: base) {
            let path = parent + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid(), !FolderLock.isHeld(path)
            else { continue }
            let changed = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            guard changed < start.timeIntervalSince1970 else { continue }
            guard let doomed = try? makeTempDir(beside: target, tag: "tmp"), rename(path, doomed) == 0 else { continue }
            do {
                try fm.removeItem(atPath: doomed)
                removed.append(name)
            } catch {
                continue  // left for the next run
            }
        }
        return removed
    }

    /// The batch id in `target/manifest.json` when the ledger at `ledgerPath` does not record
    /// it (a missing ledger records nothing); nil when the folder has no readable manifest, the
    /// batch is recorded, or the ledger cannot be read (other checks report that).
    static func unrecordedBatch(in target: String, ledgerPath: String) -> String? {
        guard let id = RunManifest.batchId(inFolder: target) else { return nil }
        guard FileManager.default.fileExists(atPath: ledgerPath) else { return id }
        do {
            let ledger = try PaymentLedger(path: ledgerPath, key: nil, mustExist: true)
            _ = try ledger.show(batchId: id)
            return nil
        } catch LedgerError.unknownBatch {
            return id
        } catch {
            return nil
        }
    }

    /// Settles the batches a killed run left pending in `ledger`, from what is on disk. A run
    /// holds its folder's lock from creating it until it ends, so a locked folder belongs to a
    /// run still going and is left alone. Otherwise: outputs in the output folder (its manifest
    /// names the batch) complete the record; a work folder still there means the move never
    /// happened, so the record is removed and the folder deleted; neither keeps the record (the
    /// safe side: nobody is paid twice).
    static func settlePending(in ledger: PaymentLedger) throws -> [PendingResolution] {
        let resolutions = try ledger.resolvePending { p in
            let work = p.move.workFolder
            let out = p.move.outFolder
            // Checked out / work / out again: a live run's rename between the first two checks
            // is seen by the third.
            if RunManifest.batchId(inFolder: out) == p.batchId {
                return FolderLock.isHeld(out) ? .inProgress : .completed
            } else if FileManager.default.fileExists(atPath: work) {
                return FolderLock.isHeld(work) ? .inProgress : .abandoned
            } else if RunManifest.batchId(inFolder: out) == p.batchId {
                return FolderLock.isHeld(out) ? .inProgress : .completed
            }
            return .keptWithoutOutputs
        }
        for r in resolutions where r.outcome == .abandoned { try? FileManager.default.removeItem(atPath: r.workFolder) }
        return resolutions
    }
}

/// An exclusive advisory lock (`flock`) on a folder, held until released or the process ends
/// (a killed process's locks go with it). A run holds one on its work folder; the lock stays
/// with the folder when it is renamed into place.
final class FolderLock {
    private var fd: Int32

    /// Locks `path` (a folder), or returns nil when it cannot be opened or is locked already.
    init?(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    /// Releases the lock now (also done on deinit).
    func release() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }

    deinit { release() }

    /// Whether another open holds a lock on `path` (a folder that cannot be opened is not held).
    static func isHeld(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return false }
        return errno == EWOULDBLOCK
    }
}
