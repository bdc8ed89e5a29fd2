import Foundation
import RosterCheck
import RosterCore
import RosterRun

/// The batch made from the intake: each district's latest submission, run as `roster run`
/// would run those files. `roster run --from-intake DIR` and the city's page both come here.
public enum IntakeBatch {
    /// The run options for the latest submissions of `store`'s folder: the intake's programme
    /// and register, the ledger `DIR/ledger.sqlite` unless given, the output folder `out`.
    public static func options(
        store: IntakeStore, configuration c: IntakeConfiguration, out: String, ledger: String? = nil, bankTemplates: [String] = [],
        date: String? = nil, force: Bool = false, districts: DistrictList = .kunming
    ) throws -> RunOptions {
        let folder = store.folder
        // A file held back whole (another district's rows, a missing column) pays nobody: it
        // stays on the district's page and out of the batch.
        let inputs = try store.latest(districts: districts).filter { $0.status != "blocked" }.map { folder + "/" + $0.stored }
        guard !inputs.isEmpty else { throw IntakeError("\(folder): no district has sent a roster yet; nothing to run") }
        var o = RunOptions(
            program: folder + "/" + c.program, registry: folder + "/" + c.registry, out: out, inputs: inputs,
            ledger: ledger ?? folder + "/ledger.sqlite", bankTemplates: bankTemplates, date: date, force: force)
        o.studios = c.studios.map { folder + "/" + $0 }
        return o
    }

    /// The next batch folder number: one more than the highest numbered folder in `folder`.
    public static func nextNumber(in folder: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return (names.compactMap { Int($0) }.max() ?? 0) + 1
    }

    /// Runs the batch and records it in the audit trail.
    public static func run(
        store: IntakeStore, configuration c: IntakeConfiguration, account: String, out: String, ledger: String? = nil,
        bankTemplates: [String] = [], date: String? = nil, force: Bool = false
    ) throws -> RunSummary {
        let o = try options(
            store: store, configuration: c, out: out, ledger: ledger, bankTemplates: bankTemplates, date: date, force: force)
        do {
            let summary = try PaymentRun.execute(o)
            store.audit(
                account: account, action: "run",
                detail: "batch \(summary.batchId ?? "-") from \(o.inputs.count) submissions: paid \(summary.paid.count) people \(summary.paid.amount.decimalString) yuan")
            return summary
        } catch {
            store.audit(account: account, action: "run", detail: "refused: exit \(error.exitCode)")
            throw error
        }
    }
}

/// A person two or more districts' latest submissions both list.
public struct CrossDistrictClaim: Sendable, Hashable {
    public var maskedId: String
    public var name: String
    /// Each district with the row it lists the person on.
    public var places: [(district: String, submission: Int64, row: Int)]

    public static func == (a: CrossDistrictClaim, b: CrossDistrictClaim) -> Bool { a.maskedId == b.maskedId && a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(maskedId) }
}

extension IntakeStore {
    /// People claimed by more than one district, from the latest submissions checked together.
    public func crossDistrictClaims(checker: IntakeChecker) throws -> [CrossDistrictClaim] {
        let latest = try latest(districts: checker.districts)
        var files: [RosterFile] = []
        var ids: [Int64] = []
        for s in latest {
            guard let f = try? RosterLocator(template: checker.template, districts: checker.districts).read(path: folder + "/" + s.stored, fallbackDistrict: s.district)
            else { continue }
            files.append(f)
            ids.append(s.id)
        }
        let checks = checker.validator.check(files)
        let kept = latest.filter { ids.contains($0.id) }
        var byId: [String: CrossDistrictClaim] = [:]
        var order: [String] = []
        for (i, c) in checks.enumerated() {
            for r in c.rows where r.findings.contains(where: { $0.code == .dupCrossDistrict }) {
                guard let key = r.idKey else { continue }
                if byId[key] == nil {
                    byId[key] = CrossDistrictClaim(maskedId: Mask.identity(key), name: Mask.name(r.name), places: [])
                    order.append(key)
                }
                byId[key]!.places.append((r.district ?? kept[i].district, ids[i], r.number))
            }
        }
        return order.map { byId[$0]! }
    }
}
