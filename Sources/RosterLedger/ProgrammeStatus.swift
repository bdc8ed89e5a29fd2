import Foundation
import GRDB
import RosterCore

/// Where a programme and period stand, as people and yuan: the budget, what is committed
/// (issued and confirmed), confirmed, awaiting the bank, failed or returned and not yet paid
/// again, paid again, and what remains; in all and per district.
public struct ProgrammeStatus: Sendable, Hashable {
    public struct Figures: Sendable, Hashable {
        public var committed = PaymentTotals()
        public var confirmed = PaymentTotals()
        public var pending = PaymentTotals()
        public var failed = PaymentTotals()
        public var reissued = PaymentTotals()
        public init() {}
    }
    public var programmeId: String
    public var period: String
    /// The budget the latest batch was made with (nil when no batch said).
    public var budget: Money?
    public var all: Figures
    public var districts: [(district: String, figures: Figures)]
    public var remaining: Money? { budget.map { $0 - all.committed.amount } }

    public static func == (a: ProgrammeStatus, b: ProgrammeStatus) -> Bool {
        a.programmeId == b.programmeId && a.period == b.period && a.budget == b.budget && a.all == b.all
            && a.districts.map(\.district) == b.districts.map(\.district) && a.districts.map(\.figures) == b.districts.map(\.figures)
    }
    public func hash(into h: inout Hasher) {
        h.combine(programmeId)
        h.combine(period)
    }
}

extension PaymentLedger {
    /// Every programme and period (or only `programmeId`'s), in order, from where the payments
    /// stand (`standing`, kept with every change): a few rows per batch and district, however
    /// many payments the ledger holds.
    public func status(programmeId: String? = nil) throws -> [ProgrammeStatus] {
        try readLedger { db in
            var filter = ""
            var args: [any DatabaseValueConvertible] = []
            if let programmeId {
                filter = "WHERE p.programme_id = ?"
                args.append(programmeId)
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.programme_id, p.period, p.district, p.state, p.reissued, sum(p.people), sum(p.fen)
                    FROM standing p \(filter)
                    GROUP BY p.programme_id, p.period, p.district, p.state, p.reissued HAVING sum(p.people) > 0
                    """,
                arguments: StatementArguments(args))
            var byProgramme: [String: [String: [String: ProgrammeStatus.Figures]]] = [:]
            for r in rows {
                let (programme, period, district): (String, String, String) = (r[0], r[1], r[2])
                let state = PaymentState(rawValue: r[3]) ?? .issued
                let reissued: Bool = r[4]
                let t = PaymentTotals(count: r[5], amount: Money(fen: r[6]))
                var f = byProgramme[programme]?[period]?[district] ?? ProgrammeStatus.Figures()
                switch state {
                case .issued:
                    f.committed += t
                    f.pending += t
                case .confirmed:
                    f.committed += t
                    f.confirmed += t
                case .failed, .returned:
                    if reissued { f.reissued += t } else { f.failed += t }
                case .voided: break
                }
                byProgramme[programme, default: [:]][period, default: [:]][district] = f
            }
            var out: [ProgrammeStatus] = []
            for programme in byProgramme.keys.sorted() {
                for period in byProgramme[programme]!.keys.sorted() {
                    let districts = byProgramme[programme]![period]!
                    var all = ProgrammeStatus.Figures()
                    for f in districts.values {
                        all.committed += f.committed
                        all.confirmed += f.confirmed
                        all.pending += f.pending
                        all.failed += f.failed
                        all.reissued += f.reissued
                    }
                    let budget = try Int64.fetchOne(
                        db,
                        sql: "SELECT budget_fen FROM batches WHERE programme_id = ? AND period = ? AND budget_fen IS NOT NULL ORDER BY created DESC, rowid DESC LIMIT 1",
                        arguments: [programme, period])
                    out.append(
                        ProgrammeStatus(
                            programmeId: programme, period: period, budget: budget.map { Money(fen: $0) }, all: all,
                            districts: districts.keys.sorted().map { ($0, districts[$0]!) }))
                }
            }
            return out
        }
    }
}
