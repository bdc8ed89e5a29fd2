import Foundation
import Testing

@testable import Spreadsheet

/// Our own hostile packages, one per class (Fixtures/make_fixtures.py makes them).
@Suite struct XLSXHostileTests {
    static let cases: [(String, SpreadsheetError.Kind)] = [
        ("hostile-entity-bomb.xlsx", .xmlEntity),
        ("hostile-doctype.xlsx", .xmlEntity),
        ("hostile-ratio-bomb.xlsx", .zipBomb),
        ("hostile-declared-size.xlsx", .zipBomb),
        ("hostile-truncated.xlsx", .corrupt),
        ("hostile-not-a-zip.xlsx", .notSpreadsheet),
        ("hostile-sst-index.xlsx", .malformed),
        ("hostile-beyond-xfd.xlsx", .limit),
        ("hostile-beyond-last-row.xlsx", .limit),
        ("hostile-deep-nesting.xlsx", .limit),
    ]

    @Test(arguments: cases)
    func refusesHostilePackageWithAOneLineError(_ file: String, _ kind: SpreadsheetError.Kind) {
        let path = TestPaths.fixture(file)
        let (error, inflated) = readMeasured(path)
        guard let error else {
            Issue.record("\(file) was read without an error")
            return
        }
        #expect(error.kind == kind, "\(file): \(error)")
        #expect(error.description.hasPrefix(path))
        #expect(!error.description.contains("\n"))
        #expect(inflated <= hostileWorkBound, "\(file) was refused only after inflating \(inflated) bytes")
    }

    @Test func outOfRangeSharedStringNamesSheetAndCell() {
        do {
            try readEverything(TestPaths.fixture("hostile-sst-index.xlsx"))
        } catch {
            #expect(error.sheet == "S")
            #expect(error.row == 3)
            #expect(error.column == 1)
            #expect(error.description.contains("S!B3"))
        }
    }

    @Test func tighterNestingLimitIsHonoured() {
        var options = ReadOptions()
        options.limits.maxXMLDepth = 3
        do {
            try readEverything(TestPaths.fixture("roster-lo.xlsx"), options: options)
            Issue.record("expected a nesting limit error")
        } catch {
            #expect(error.kind == .limit)
        }
    }

    @Test func tighterEntrySizeLimitRefusesLargePart() {
        var options = ReadOptions()
        options.limits.maxEntrySize = 512
        do {
            try readEverything(TestPaths.fixture("roster-lo.xlsx"), options: options)
            Issue.record("expected a size limit error")
        } catch {
            #expect(error.kind == .zipBomb)
        }
    }

    @Test func missingFileIsAnIOError() {
        do {
            _ = try XLSXWorkbook(path: "/nonexistent/roster.xlsx")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io)
        }
    }
}

@Suite struct XLSXDirectOpenTests {
    @Test func openingAnEncryptedWorkbookDirectlySaysRemoveThePassword() {
        let path = TestPaths.corpus.appendingPathComponent("hostile/calamine-pass_protected.xlsx").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("note: \(path) is absent; skipped")
            return
        }
        do {
            _ = try XLSXWorkbook(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .encrypted)
        }
    }

    @Test func nestingLimitIsTheConfiguredOne() throws {
        // 300 levels: refused under the default 256, read under a limit of 1,000.
        var options = ReadOptions()
        options.limits.maxXMLDepth = 1_000
        #expect(try readEverything(TestPaths.fixture("hostile-deep-nesting.xlsx"), options: options) == 1)
    }
}

@Suite struct XLSXMutationTests {
    /// A small deterministic generator (no randomness between runs).
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func damagedCopiesOfAFixtureAreReadOrRefusedNeverCrash() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("roster-lo.xlsx"))))
        var rng = SplitMix(state: 2017)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-mut-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var refused = 0
        for i in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if i % 10 == 0 { bytes.removeLast(Int(rng.next() % UInt64(bytes.count / 2))) }
            let url = dir.appendingPathComponent("m\(i).xlsx")
            try Data(bytes).write(to: url)
            do {
                try readEverything(url.path, options: ReadOptions(format: .xlsx))
            } catch {
                refused += 1
                #expect(!error.description.contains("\n"))
                #expect(error.description.hasPrefix(url.path))
            }
        }
        #expect(refused > 0)
    }
}

@Suite struct XLSXLimitSettingTests {
    @Test func extremeLimitSettingsDoNotBreakReading() throws {
        var options = ReadOptions()
        options.limits.maxSharedStrings = .max
        options.limits.maxCellTextBytes = .max
        options.limits.maxXMLDepth = .max
        #expect(try readEverything(TestPaths.fixture("roster-lo.xlsx"), options: options) == 8)
    }

    @Test func sharedStringCountLimitIsEnforced() {
        var options = ReadOptions()
        options.limits.maxSharedStrings = 3
        do {
            try readEverything(TestPaths.fixture("roster-lo.xlsx"), options: options)
            Issue.record("expected a limit error")
        } catch {
            #expect(error.kind == .limit)
        }
    }
}
