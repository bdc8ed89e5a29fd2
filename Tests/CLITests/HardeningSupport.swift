import Foundation
import RosterCheck
import RosterCore
import RosterLedger
@testable import RosterRun
import Spreadsheet
import Testing

/// Shared helpers for the hardening tests: scenarios, a process runner with a time limit,
/// tmpfs mounts, and checks of what a failed run left behind.
enum Harden {
    /// What a process run did.
    struct Outcome {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var seconds: Double
        var stdout: String
        var stderr: String

        /// The non-empty stderr lines.
        var errorLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
    }

    static var binary: String { CLI.productsDirectory.appendingPathComponent("roster").path }

    /// A fresh empty folder under the temporary directory.
    static func freshDir(_ tag: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-harden-\(tag)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A scenario written by `roster samples` into a fresh folder.
    static func scenario(seed: Int, rows: Int = 200) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-harden-\(UUID().uuidString)")
        let r = try CLI.run(["samples", "--out", dir.path, "--rows", String(rows), "--seed", String(seed)])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// Runs `executable` with `arguments` in `cwd`, killing it after `timeout` seconds.
    static func exec(
        _ executable: String, _ arguments: [String], cwd: URL, timeout: Double = 20
    ) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.currentDirectoryURL = cwd
        let outFile = cwd.appendingPathComponent(".harden-stdout-\(UUID().uuidString)")
        let errFile = cwd.appendingPathComponent(".harden-stderr-\(UUID().uuidString)")
        // Files rather than pipes: a killed process must not leave a reader hanging.
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent(outFile.lastPathComponent)
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent(errFile.lastPathComponent)
        _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outPath)
            try? FileManager.default.removeItem(at: errPath)
        }
        let outHandle = try FileHandle(forWritingTo: outPath)
        let errHandle = try FileHandle(forWritingTo: errPath)
        p.standardOutput = outHandle
        p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        let start = Date()
        try p.run()
        var timedOut = false
        while p.isRunning {
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(p.processIdentifier, SIGKILL)
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        p.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        try outHandle.close()
        try errHandle.close()
        return Outcome(
            status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal, timedOut: timedOut,
            seconds: seconds,
            stdout: String(decoding: (try? Data(contentsOf: outPath)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errPath)) ?? Data(), as: UTF8.self))
    }

    /// Runs the built `roster` with `arguments` in `cwd`.
    static func roster(_ arguments: [String], cwd: URL, timeout: Double = 20) throws -> Outcome {
        try exec(binary, arguments, cwd: cwd, timeout: timeout)
    }

    /// Runs `roster` through `bash -c` with a shell prefix (limits, traps) before `exec`.
    static func rosterUnder(shell prefix: String, _ arguments: [String], cwd: URL, timeout: Double = 20) throws -> Outcome {
        let quoted = ([binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try exec("/bin/bash", ["-c", prefix + "; exec " + quoted.joined(separator: " ")], cwd: cwd, timeout: timeout)
    }

    /// Mounts a tmpfs of `size` (e.g. "200k") with extra `options` at a new folder, or nil
    /// (with a printed note) when this machine does not allow it.
    static func mountTmpfs(size: String, options: String = "", note: String) -> URL? {
        guard getuid() == 0 else {
            print("SKIPPED \(note): mounting a tmpfs needs root")
            return nil
        }
        guard let dir = try? freshDir("mnt") else { return nil }
        let opts = "size=\(size)" + (options.isEmpty ? "" : "," + options)
        let r = try? exec("/usr/bin/env", ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir.path], cwd: dir, timeout: 10)
        guard let r, r.status == 0, !r.timedOut else {
            print("SKIPPED \(note): mount -t tmpfs is not permitted here (\(r?.stderr ?? "no result"))")
            try? FileManager.default.removeItem(at: dir)
            return nil
        }
        return dir
    }

    /// Unmounts and removes a folder made by ``mountTmpfs(size:options:note:)``.
    static func unmount(_ dir: URL) {
        _ = try? exec("/usr/bin/env", ["umount", dir.path], cwd: FileManager.default.temporaryDirectory, timeout: 10)
        try? FileManager.default.removeItem(at: dir)
    }

    /// Names in `folder` (hidden ones included), sorted.
    static func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// Names in `folder` that are leftovers of a run writing `out`: temporary or moved-aside folders.
    static func leftovers(in folder: URL, out: String) -> [String] {
        names(in: folder).filter { $0.hasPrefix("." + out + ".") }
    }

    /// The batches recorded in the ledger at `path` (0 when there is no ledger file).
    static func batchIds(ledger path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try PaymentLedger(path: path, key: nil).list().map(\.id)
    }

    /// The batch id written in `DIR/manifest.json`, or nil.
    static func manifestBatchId(_ dir: URL) -> String? {
        RunManifest.batchId(inFolder: dir.path)
    }

    /// Checks that `dir` is a complete output folder: its manifest lists every file in it with
    /// the right SHA-256, and nothing else is there. Returns the problems found.
    static func completenessProblems(_ dir: URL) -> [String] {
        guard let data = try? Data(contentsOf: dir.appendingPathComponent("manifest.json")),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let outputs = obj["outputs"] as? [[String: Any]]
        else { return ["no readable manifest.json"] }
        var problems: [String] = []
        var listed = Set(["manifest.json"])
        for o in outputs {
            guard let path = o["path"] as? String, let sha = o["sha256"] as? String else {
                problems.append("manifest entry without path/sha256")
                continue
            }
            listed.insert(path)
            guard let bytes = try? Data(contentsOf: dir.appendingPathComponent(path)) else {
                problems.append("\(path) listed but missing")
                continue
            }
            if sha256Hex(bytes: Array(bytes)) != sha { problems.append("\(path) differs from its manifest hash") }
        }
        var present = Set<String>()
        if let walker = FileManager.default.enumerator(atPath: dir.path) {
            while let sub = walker.nextObject() as? String {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent(sub).path, isDirectory: &isDir), !isDir.boolValue {
                    present.insert(sub)
                }
            }
        }
        for extra in present.subtracting(listed).sorted() { problems.append("\(extra) present but not in the manifest") }
        if !present.contains("汇总发放表.xlsx") { problems.append("no finance workbook") }
        if !present.contains("report.json") { problems.append("no report.json") }
        return problems
    }

    /// The standard `roster run` arguments for a scenario folder.
    static func runArgs(out: String, ledger: String = "ledger.sqlite", extra: [String] = [], inputs: [String] = ["rosters"]) -> [String] {
        ["run", "--program", "program.json", "--registry", "register.xlsx", "--ledger", ledger, "--out", out] + extra + inputs
    }
}
