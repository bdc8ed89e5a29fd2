import ArgumentParser
import Foundation
import RosterCore
import RosterLedger

/// `roster status`: where each programme stands across its batches.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Shows each programme and period: budget, committed, confirmed, awaiting the bank, failed, re-issued, remaining.",
        discussion:
            "People and yuan, in all and per district. Committed is issued plus confirmed (what counts against the "
            + "budget); failed counts failed or returned payments not yet paid again. Example: roster status --ledger out/roster-ledger.sqlite")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var ledger: Ledger.FileOption

    @Option(help: ArgumentHelp("Only this programme.", valueName: "ID"))
    var programme: String?

    @Option(help: ArgumentHelp("Only the periods of this year.", valueName: "YYYY"))
    var year: Int?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let l = try ledger.open()
        // Districts in the city's order (Kunming's list: the ledger keeps names, not a list).
        let all = try Ledger.orExit { try l.status(programmeId: programme) }.filter { year == nil || $0.period.hasPrefix(String(year!)) }.map { s in
            var s = s
            let order = DistrictList.kunming.sorted(s.districts.map(\.district))
            let byName = Dictionary(s.districts.map { ($0.district, $0.figures) }, uniquingKeysWith: { a, _ in a })
            s.districts = order.map { ($0, byName[$0]!) }
            return s
        }
        switch format {
        case .json: print(Self.json(all).serialized())
        case .text: print(Self.text(all), terminator: "")
        }
    }

    static func figures(_ f: ProgrammeStatus.Figures) -> [(String, JSONValue)] {
        [
            ("committed", f.committed.json), ("confirmed", f.confirmed.json), ("pending", f.pending.json),
            ("failed", f.failed.json), ("reissued", f.reissued.json),
        ]
    }

    static func json(_ all: [ProgrammeStatus]) -> JSONValue {
        .object([
            (
                "programmes",
                .array(
                    all.map { s in
                        .object(
                            [
                                ("programme", .string(s.programmeId)), ("period", .string(s.period)),
                                ("budget", s.budget.map { .string($0.decimalString) } ?? .null),
                            ] + figures(s.all) + [
                                ("remaining", s.remaining.map { .string($0.decimalString) } ?? .null),
                                (
                                    "districts",
                                    .array(s.districts.map { d in .object([("district", .string(d.district))] + figures(d.figures)) })
                                ),
                            ])
                    })
            )
        ])
    }

    static func text(_ all: [ProgrammeStatus]) -> String {
        if all.isEmpty { return "No payments recorded.\n" }
        var out = ""
        for s in all {
            out += "\(s.programmeId) \(s.period)\n"
            out += "  budget 预算      \(s.budget?.groupedString ?? "(not recorded)")\n"
            func line(_ label: String, _ t: PaymentTotals) -> String { "  \(label)\(String(t.count).leftPadded(7)) 人 \(t.amount.groupedString.leftPadded(16)) 元\n" }
            out += line("committed 已发放  ", s.all.committed)
            out += line("confirmed 已到账  ", s.all.confirmed)
            out += line("pending 待银行答复", s.all.pending)
            out += line("failed 失败未补发 ", s.all.failed)
            out += line("reissued 已补发   ", s.all.reissued)
            if let r = s.remaining { out += "  remaining 余额   \(r.groupedString.leftPadded(27)) 元\n" }
            var rows = [["DISTRICT", "COMMITTED", "YUAN", "CONFIRMED", "PENDING", "FAILED", "REISSUED"]]
            for d in s.districts {
                let f = d.figures
                rows.append([
                    d.district, String(f.committed.count), f.committed.amount.groupedString, String(f.confirmed.count), String(f.pending.count),
                    String(f.failed.count), String(f.reissued.count),
                ])
            }
            out += Ledger.table(rows, rightAligned: [1, 2, 3, 4, 5, 6])
        }
        return out
    }
}
