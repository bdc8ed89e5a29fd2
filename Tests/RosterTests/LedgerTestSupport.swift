import Foundation

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Helpers shared by the ledger tests: temporary folders and synthetic identity numbers.
enum LedgerFixture {
    /// A fresh empty folder under the system temporary folder.
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("roster-ledger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A ledger path in a fresh folder.
    static func ledgerPath() throws -> String {
        try folder().appendingPathComponent("roster-ledger.sqlite").path
    }

    /// A synthetic 18-character identity number with a valid check digit (GB 11643).
    static func id(_ n: Int, region: String = "530102", birth: String = "19800101") -> String {
        let body = region + birth + String(format: "%03d", n % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        let check = Array("10X98765432")[sum % 11]
        return body + String(check)
    }

    /// A batch paying the given people 3,000.00 yuan each in 盘龙区 (or the given district).
    static func batch(
        _ ids: [String], programme: String = "P2024", period: String = "2024", created: String = "2024-03-15",
        district: String = "盘龙区"
    ) -> LedgerBatch {
        LedgerBatch(
            programmeId: programme, period: period, created: created,
            payments: ids.map { LedgerPayment(idNumber: $0, amount: Money(fen: 300_000), district: district) })
    }

    /// Whether `needle` occurs in the bytes of the file (and its journal, if any) at `path`.
    static func fileContains(_ path: String, _ needle: String) throws -> Bool {
        var found = false
        for p in [path, path + "-journal", path + "-wal"] where FileManager.default.fileExists(atPath: p) {
            let data = try Data(contentsOf: URL(fileURLWithPath: p))
            if data.range(of: Data(needle.utf8)) != nil { found = true }
        }
        return found
    }

    /// Runs python3 with a script (for making SQLite files the ledger did not write).
    static func python(_ script: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "python3 failed"])
        }
    }
}
