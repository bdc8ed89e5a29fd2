import ArgumentParser
import Foundation
import RosterCheck
import RosterCore
import RosterLedger
import RosterOutputs
import RosterRun
import RosterSamples

/// `roster ledger`: look at and correct the payment ledger.
struct Ledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Lists, shows and voids the batches recorded in the payment ledger.",
        discussion:
            "The payment ledger is an SQLite file recording every batch `roster run` completed: programme, "
            + "period, batch id and, per person, a keyed hash of the identity number and its masked form "
            + "(never the clear number), the amount and the district. A person already paid for a programme "
            + "and period is refused by the next run until the batch that paid them is voided. Identity "
            + "numbers are always shown masked. The default ledger is roster-ledger.sqlite in the current folder. "
            + "A batch that a killed `roster run` left pending (recorded, outputs not yet in place) is settled "
            + "from the disk when the ledger is opened, and said on stderr (docs/ledger.md).",
        subcommands: [List.self, Show.self, VoidBatch.self]
    )

    /// The `--ledger FILE` option shared by the subcommands.
    struct FileOption: ParsableArguments {
        @Option(
            name: .customLong("ledger"),
            help: ArgumentHelp("The ledger file.", valueName: "FILE"))
        var file: String = PaymentLedger.defaultFileName

        @Option(
            name: .customLong("ledger-key-file"),
            help: ArgumentHelp("The ledger's key, when it was created with a key kept outside it (or ROSTER_LEDGER_KEY).", valueName: "FILE"))
        var keyFile: String?

        /// Opens the existing ledger, or prints a one-line error and exits 2. A batch a killed
        /// `roster run` left pending is resolved first (and said on stderr); a ledger that
        /// cannot be written (a read-only copy) is shown as it is, with a note per pending batch.
        func open() throws -> PaymentLedger {
            let ledger = try Ledger.orExit { try PaymentLedger(path: file, key: try LedgerKey.resolve(keyFile: keyFile), mustExist: true) }
            let say = { (line: String) in FileHandle.standardError.write(Data("roster ledger: \(line)\n".utf8)) }
            do {
                for r in try PaymentRun.settleInterrupted(in: ledger) { say(r.message) }
            } catch {
                for p in (try? ledger.pendingBatches()) ?? [] {
                    say("batch \(p.batchId) is marked pending (a run recording it stopped or is still going) and cannot be resolved now (\(error))")
                }
            }
            return ledger
        }
    }

    /// `roster ledger list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists every recorded batch, oldest first.",
            discussion: "Example: roster ledger list --ledger out/roster-ledger.sqlite --year 2017")

        @OptionGroup var ledger: FileOption

        @Option(help: ArgumentHelp("Only the batches of periods in this year (every programme).", valueName: "YYYY"))
        var year: Int?

        func run() throws {
            let l = try ledger.open()
            let batches = try Ledger.orExit { try l.list(year: year) }
            if batches.isEmpty {
                print(year.map { "No batches for \($0) in \(l.path)." } ?? "No batches in \(l.path).")
                return
            }
            var rows = [
                ["BATCH", "STATUS", "PROGRAMME", "PERIOD", "DATE", "PEOPLE", "TOTAL (YUAN)", "VOIDED"]
            ]
            for b in batches {
                let voided = b.status == .voided ? "\(b.voidDate ?? "") \(b.voidReason ?? "")" : ""
                rows.append([
                    b.id, b.status.rawValue, b.programmeId, b.period, b.created, String(b.count),
                    b.total.groupedString, voided,
                ])
            }
            print(Ledger.table(rows, rightAligned: [5, 6]), terminator: "")
            let committed = batches.filter { $0.status == .committed }
            let total = Money(fen: committed.reduce(0) { $0 + $1.total.fen })
            print(
                "\(batches.count) batches (\(committed.count) committed, \(batches.count - committed.count) voided); committed total \(total.groupedString) yuan"
            )
        }
    }

    /// `roster ledger show BATCH`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Shows one batch: its totals by district and every payment (identity numbers masked).",
            discussion: "Example: roster ledger show 20240315-3f2a9c1b7d0e")

        @Argument(help: ArgumentHelp("The batch id (see `roster ledger list`).", valueName: "BATCH"))
        var batch: String

        @OptionGroup var ledger: FileOption

        func run() throws {
            let l = try ledger.open()
            let detail = try Ledger.orExit { try l.show(batchId: batch) }
            let s = detail.summary
            print("Batch      \(s.id)")
            print("Programme  \(s.programmeId)")
            print("Period     \(s.period)")
            print("Date       \(s.created)")
            if s.status == .voided {
                print("Status     voided on \(s.voidDate ?? "?"): \(s.voidReason ?? "")")
            } else {
                print("Status     committed")
            }
            print("People     \(s.count)")
            print("Total      \(s.total.groupedString) yuan")
            if let m = s.manifestSHA256 { print("Manifest   sha256 \(m)") }
            print("")
            var byDistrict: [String: (Int, Int64)] = [:]
            for p in detail.payments {
                let (n, fen) = byDistrict[p.district] ?? (0, 0)
                byDistrict[p.district] = (n + 1, fen + p.amount.fen)
            }
            var districtRows = [["DISTRICT", "PEOPLE", "TOTAL (YUAN)"]]
            for d in byDistrict.keys.sorted() {
                let (n, fen) = byDistrict[d]!
                districtRows.append([d, String(n), Money(fen: fen).groupedString])
            }
            print(Ledger.table(districtRows, rightAligned: [1, 2]))
            var rows = [["DISTRICT", "ID", "AMOUNT (YUAN)", "STATE", "SINCE", "REASON"]]
            for p in detail.payments {
                let since = p.state == .issued ? "" : p.stateDate ?? ""
                rows.append([p.district, p.maskedId, p.amount.groupedString, p.state.rawValue, since, p.stateReason ?? ""])
            }
            print(Ledger.table(rows, rightAligned: [2]), terminator: "")
        }
    }

    /// `roster ledger void BATCH --reason TEXT`.
    struct VoidBatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract:
                "Voids a committed batch, or one person's payment in it (--person), so they can be paid again; the record stays.",
            discussion:
                "Use it when a batch was not paid out (the bank rejected the file, the run was wrong). "
                + "Example: roster ledger void 20240315-3f2a9c1b7d0e --reason \"bank rejected the file\"")

        @Argument(help: ArgumentHelp("The batch id (see `roster ledger list`).", valueName: "BATCH"))
        var batch: String

        @Option(help: ArgumentHelp("Why the batch is voided (kept in the ledger).", valueName: "TEXT"))
        var reason: String

        @Option(
            help: ArgumentHelp(
                "Void only this person's payment in the batch (their identity number, matched by its keyed hash); nobody else in the batch becomes payable.",
                valueName: "ID"))
        var person: String?

        @Option(help: ArgumentHelp("The date of the void (default: today).", valueName: "YYYY-MM-DD"))
        var date: String?

        @OptionGroup var ledger: FileOption

        func run() throws {
            let l = try ledger.open()
            let day = date ?? Self.today()
            if let person {
                try Ledger.orExit { try l.void(batchId: batch, idNumber: person, reason: reason, date: day) }
                print("Voided the payment to \(Mask.identity(person)) in batch \(batch) on \(day) in \(l.path); that person can be paid again.")
                return
            }
            try Ledger.orExit { try l.void(batchId: batch, reason: reason, date: day) }
            print("Voided batch \(batch) on \(day) in \(l.path); its people can be paid again.")
        }

        static func today() -> String {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = .current
            f.dateFormat = "yyyy-MM-dd"
            return f.string(from: Date())
        }
    }
}

extension Ledger {
    /// Runs a ledger operation; a ledger error becomes one line on stderr and exit code 2.
    static func orExit<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("roster: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch let error as LedgerKeyError {
            FileHandle.standardError.write(Data("roster: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Pads columns to a plain-text table (counting each CJK character as two columns).
    static func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        func width(_ s: String) -> Int {
            s.unicodeScalars.reduce(0) {
                $0
                    + ($1.value >= 0x1100 && $1.properties.isIdeographic
                        || (0xFF00...0xFFEF).contains($1.value) ? 2 : 1)
            }
        }
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], width(c)) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - width(c))
                line += rightAligned.contains(i) ? pad + c : c + (i == r.count - 1 ? "" : pad)
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
