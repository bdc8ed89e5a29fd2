import Foundation
import Testing

/// One bad input of `roster run`: which option it is given to, its file name and bytes.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// Which input the bad file stands in for.
    enum Role: String, Sendable { case roster, register, program, bankTemplate, xsd, ledger }
    var role: Role
    var name: String
    var file: String
    /// The file's bytes; nil means a folder; "@missing" in `file` means no file at all.
    var bytes: [UInt8]?
    var testDescription: String { "\(role.rawValue): \(name)" }
}

/// Every input kind of `roster run` fed malformed, empty, huge and wrong-type files: exit 2,
/// one line naming the file, and nothing written (no output folder, no temporary folder, no
/// new ledger, an existing ledger unchanged).
@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct HardeningBadInputTests {
    static let xlsxHead: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0x41, count: 300)
    static let junk: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) }
    static let biff: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 1024)
    static let hugeLine: [UInt8] = Array("姓名,".utf8) + Array(repeating: 0x61, count: 8 << 20)
    static let json: [UInt8] = Array(#"{"id": "x", "title": "t"}"#.utf8)
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    static let fileClasses: [(String, String, [UInt8]?)] = [
        ("empty CSV", "empty.csv", []),
        ("0-byte XLSX", "empty.xlsx", []),
        ("truncated XLSX", "truncated.xlsx", xlsxHead),
        ("binary junk", "junk.xlsx", junk),
        ("BIFF .xls header in .xlsx", "old.xlsx", biff),
        ("huge single line CSV (8 MiB)", "oneline.csv", hugeLine),
        ("JSON given as CSV", "json.csv", json),
        ("a folder", "folder.xlsx", nil),
    ]

    // A 0-byte roster is not a bad input of the run: it is one `file.empty` finding for its
    // district (HardeningFixTests), so only the register is fed the empty files here.
    static let cases: [BadInput] =
        fileClasses.filter { $0.2 != [] }.map { BadInput(role: .roster, name: $0.0, file: $0.1, bytes: $0.2) }
        + fileClasses.map { BadInput(role: .register, name: $0.0, file: "reg-" + $0.1, bytes: $0.2) }
        + [
            BadInput(role: .register, name: "missing required column", file: "reg-cols.csv", bytes: text("姓名,备注\n张三,无\n")),
            BadInput(role: .program, name: "malformed JSON", file: "p-malformed.json", bytes: text("{\"id\": \"x\",")),
            BadInput(role: .program, name: "wrong types", file: "p-types.json", bytes: text(#"{"id": 5, "title": [], "period": true}"#)),
            BadInput(
                role: .program, name: "negative budget", file: "p-budget.json",
                bytes: text(#"{"id":"p","title":"t","period":"2017-09","eligibleHonours":["municipal"],"amount":{"max":"3000.00"},"budget":"-1.00","currency":"CNY","payer":{"name":"n","account":"2502150879029878900","bank":"b"}}"#)),
            BadInput(
                role: .program, name: "amount rule missing", file: "p-amount.json",
                bytes: text(#"{"id":"p","title":"t","period":"2017-09","eligibleHonours":["municipal"],"budget":"100.00","currency":"CNY","payer":{"name":"n","account":"2502150879029878900","bank":"b"}}"#)),
            BadInput(
                role: .program, name: "unknown honour", file: "p-honour.json",
                bytes: text(#"{"id":"p","title":"t","period":"2017-09","eligibleHonours":["galactic"],"amount":{"max":"3000.00"},"budget":"100.00","currency":"CNY","payer":{"name":"n","account":"2502150879029878900","bank":"b"}}"#)),
            BadInput(role: .program, name: "empty file", file: "p-empty.json", bytes: []),
            BadInput(role: .program, name: "missing file", file: "@missing-program.json", bytes: []),
            BadInput(role: .bankTemplate, name: "unknown name", file: "no-such-bank", bytes: []),
            BadInput(role: .bankTemplate, name: "malformed template JSON", file: "bank-bad.json", bytes: text("{\"name\": ")),
            BadInput(role: .bankTemplate, name: "template of wrong types", file: "bank-types.json", bytes: text(#"{"name": 7, "columns": "x"}"#)),
            BadInput(role: .xsd, name: "missing file", file: "@missing.xsd", bytes: []),
            BadInput(role: .xsd, name: "not an XSD", file: "notschema.xsd", bytes: text("this is not a schema\n")),
            BadInput(role: .xsd, name: "XML but not a schema", file: "other.xsd", bytes: text("<?xml version=\"1.0\"?><a><b/></a>\n")),
            BadInput(role: .ledger, name: "not SQLite", file: "ledger-text.sqlite", bytes: text("hello, not a database\n")),
            BadInput(
                role: .ledger, name: "truncated SQLite", file: "ledger-trunc.sqlite",
                bytes: Array("SQLite format 3\u{0}".utf8) + [0x10, 0x00, 0x01, 0x01] + Array(repeating: 0, count: 80)),
            BadInput(role: .ledger, name: "a folder", file: "ledger-dir.sqlite", bytes: nil),
        ]

    /// What each unusable roster's line must say (the file cannot be used: ask for it again).
    static let rosterAdvice = ["ask the district to resend it as .xlsx or .csv", "give the .xlsx or .csv file itself"]

    /// One scenario generated once and copied for each case.
    static let base: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-harden-bad-base-\(UUID().uuidString)")
        _ = try? CLI.run(["samples", "--out", dir.path, "--rows", "120", "--seed", "650"])
        return dir
    }()

    @Test(arguments: cases)
    func aBadInputIsExitTwoWithOneLineNamingItAndWritesNothing(_ c: BadInput) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roster-harden-bad-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.base, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = c.file.hasPrefix("@")
        let file = missing ? String(c.file.dropFirst()) : c.file
        let path = dir.appendingPathComponent(file)
        if !missing {
            if let bytes = c.bytes {
                try Data(bytes).write(to: path)
            } else {
                try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
            }
        }
        var program = "program.json"
        var register = "register.xlsx"
        var ledger = "ledger.sqlite"
        var extra: [String] = []
        var inputs = ["rosters"]
        switch c.role {
        case .roster: inputs = ["rosters/五华区.xlsx", file]
        case .register: register = file
        case .program: program = file
        case .bankTemplate: extra = ["--bank-template", file]
        case .xsd: extra = ["--bank-template", "pain.001.001.09", "--xsd", file]
        case .ledger: ledger = file
        }
        let before = Harden.names(in: dir)
        let ledgerBefore = c.role == .ledger ? try? Data(contentsOf: path) : nil
        let r = try Harden.roster(
            ["run", "--program", program, "--registry", register, "--ledger", ledger, "--out", "out"] + extra + inputs, cwd: dir,
            timeout: 20)
        #expect(!r.timedOut, "hung")
        #expect(!r.signalled, "crashed: \(r.stderr)")
        if c.role == .roster {
            #expect(Self.rosterAdvice.contains { r.stderr.contains($0) }, "\(r.stderr)")
        }
        #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
        #expect(r.errorLines.count == 1, "\(r.stderr)")
        let shownName = (file as NSString).lastPathComponent
        #expect(r.stderr.contains(shownName), "\(r.stderr)")
        #expect(r.stderr.hasPrefix("roster run: "), "\(r.stderr)")
        for noise in ["Fatal error", "Error Domain=", "NSCocoaErrorDomain", "error 256", "Swift/", "0x0000", ".tmp-"] {
            #expect(!r.stderr.contains(noise), "\(r.stderr)")
        }
        #expect(r.stdout.isEmpty, "\(r.stdout)")
        // Nothing written: the folder holds exactly what it held before.
        #expect(Harden.names(in: dir) == before, "\(Set(Harden.names(in: dir)).symmetricDifference(before))")
        if let ledgerBefore { #expect((try? Data(contentsOf: path)) == ledgerBefore, "the bad ledger was changed") }
    }
}
