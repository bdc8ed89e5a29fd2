import Foundation
import RosterCheck
import RosterCore
import RosterOutputs

/// What a batch's folder says about itself: `report.json` (the check report and the batch's
/// totals) and `manifest.json` (every input and output with its SHA-256, the counts and totals).
enum RunManifest {
    /// The `batchId` that `folder/manifest.json` names, or nil when there is none to read.
    static func batchId(inFolder folder: String) -> String? {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let id = obj["batchId"] as? String, !id.isEmpty
        else { return nil }
        return id
    }

    static func report(checks: [FileCheck], settlement: Settlement, batchId: String?) -> JSONValue {
        let (paid, returned, tally) = (settlement.paid, settlement.returned, settlement.tally)
        let base = CheckReport(entries: checks.map { .checked($0) }).json()
        guard case .object(var pairs) = base else { return base }
        pairs.append(
            (
                "batch",
                .object([
                    ("id", batchId.map { .string($0) } ?? .null),
                    ("paid", .int(paid.count)),
                    ("paidAmount", .string(paid.amount.decimalString)),
                    ("alreadyPaid", .int(settlement.alreadyPaid.count)),
                    ("alreadyPaidAmount", .string(settlement.alreadyPaid.amount.decimalString)),
                    ("returned", .int(returned.count)),
                    ("returnedAmount", .string(returned.amount.decimalString)),
                    ("budget", .string(tally.budget.decimalString)),
                    ("budgetEarlier", .string(tally.earlierCommitted.decimalString)),
                    ("budgetRemaining", .string(tally.budgetRemaining.decimalString)),
                ])
            ))
        return .object(pairs)
    }

    static func json(
        options o: RunOptions, cwd: String, program: Program, runDate: SimpleDate, batchId: String, checks: [FileCheck],
        paths: [String], paid: PaymentTotals, returned: PaymentTotals, rows: Int, bank: [BankFileOutput], tmp: String,
        budgetRemaining: Money
    ) throws(RunError) -> JSONValue {
        func hash(_ p: String) throws(RunError) -> String {
            do { return try sha256Hex(fileAt: p) } catch { throw RunError(.output, "\(p): cannot be read to hash it") }
        }
        let byPath = Dictionary(checks.map { ($0.file.path, $0) }, uniquingKeysWith: { a, _ in a })
        var inputs: [JSONValue] = []
        for p in paths {
            guard let c = byPath[p] else { continue }
            inputs.append(
                .object([
                    ("path", .string(p)),
                    ("sha256", .string(try hash(RunPaths.absolute(p, cwd: cwd)))),
                    ("district", c.file.district.map { .string($0) } ?? .null),
                    ("rows", .int(c.rowCount)),
                    ("paid", .int(c.acceptedCount)),
                    ("paidAmount", .string(c.acceptedAmount.decimalString)),
                    ("returned", .int(c.rejectedCount)),
                ]))
        }
        var outputs: [JSONValue] = []
        for rel in RunPaths.listFiles(tmp) where rel != "manifest.json" {
            let full = tmp + "/" + rel
            let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
            outputs.append(.object([("path", .string(rel)), ("bytes", .int(size)), ("sha256", .string(try hash(full)))]))
        }
        let shown = { (p: String) in RunPaths.relative(RunPaths.absolute(p, cwd: cwd), cwd: cwd) }
        return .object([
            ("tool", .object([("name", .string("roster")), ("version", .string(RosterInfo.version))])),
            ("batchId", .string(batchId)),
            (
                "programme",
                .object([
                    ("id", .string(program.id)), ("title", .string(program.title)), ("period", .string(program.period)),
                    ("budget", .string(program.budget.decimalString)), ("file", .string(shown(o.program))),
                    ("sha256", .string(try hash(RunPaths.absolute(o.program, cwd: cwd)))),
                ])
            ),
            ("register", .object([("file", .string(shown(o.registry))), ("sha256", .string(try hash(RunPaths.absolute(o.registry, cwd: cwd))))])),
            ("runDate", .string(runDate.description)),
            ("inputs", .array(inputs)),
            ("outputs", .array(outputs)),
            (
                "bankFiles",
                .array(
                    bank.map {
                        .object([
                            ("path", .string($0.path)), ("format", .string($0.format)), ("count", .int($0.count)),
                            ("total", .string($0.total.decimalString)), ("sha256", .string($0.sha256)),
                        ])
                    })
            ),
            (
                "totals",
                .object([
                    ("files", .int(paths.count)), ("rows", .int(rows)), ("paid", .int(paid.count)),
                    ("paidAmount", .string(paid.amount.decimalString)), ("returned", .int(returned.count)),
                    ("returnedAmount", .string(returned.amount.decimalString)),
                    ("budgetRemaining", .string(budgetRemaining.decimalString)),
                ])
            ),
        ])
    }
}
