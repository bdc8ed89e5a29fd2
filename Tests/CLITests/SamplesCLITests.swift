import Foundation
import Testing

@Suite(.serialized, .tags(.slow), .notInQuickRuns) struct SamplesCLITests {
    private func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "roster-samples-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    private func files(under dir: URL) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        var out: [String] = []
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: dir.appendingPathComponent(p).path, isDirectory: &isDir)
            if !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    @Test func regeneratesTheCommittedSamplesByteForByte() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["samples", "--out", out.path, "--seed", "2017"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("366 rows"))
        let generated = files(under: out)
        #expect(generated.contains("register.xlsx"))
        #expect(generated.contains("program.json"))
        #expect(generated.contains("truth.json"))
        #expect(generated.filter { $0.hasPrefix("rosters/") }.count == 14)
        let committed = CLI.packageRoot.appendingPathComponent("Samples")
        guard FileManager.default.fileExists(atPath: committed.appendingPathComponent("truth.json").path) else {
            print("note: Samples/ is not in this checkout; skipping the comparison with it")
            return
        }
        for f in generated {
            let fresh = out.appendingPathComponent(f)
            let kept = committed.appendingPathComponent(f)
            if f.hasSuffix(".xlsx") {
                // Compare what the workbooks hold, sheet by sheet, so a change in the writer's
                // bytes (compression, styles) does not count as a different scenario.
                for sheet in 1...2 {
                    let a = try CLI.run(["cat", fresh.path, "--sheet", String(sheet)])
                    let b = try CLI.run(["cat", kept.path, "--sheet", String(sheet)])
                    #expect(a.status == b.status)
                    #expect(a.stdout == b.stdout, "Samples/\(f) sheet \(sheet) differs from a fresh generation; regenerate Samples/")
                }
            } else {
                let a = try Data(contentsOf: fresh)
                let b = try? Data(contentsOf: kept)
                #expect(a == b, "Samples/\(f) is not what `roster samples --out Samples --seed 2017` writes; regenerate it")
            }
        }
    }

    @Test func refusesANonEmptyFolderWithoutForce() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try CLI.run(["samples", "--out", out.path, "--rows", "150", "--seed", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try CLI.run(["samples", "--out", out.path, "--rows", "150", "--seed", "3"])
        #expect(again.status == 2)
        #expect(again.stderr.contains(out.path))
        #expect(again.stderr.contains("--force"))
        let forced = try CLI.run(["samples", "--out", out.path, "--rows", "150", "--seed", "3", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }

    @Test func refusesTooFewRowsWithAOneLineReason() throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["samples", "--out", out.path, "--rows", "10"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--rows 10"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func helpDescribesTheOutputs() throws {
        let r = try CLI.run(["samples", "--help"])
        #expect(r.status == 0)
        for word in ["--out", "--rows", "--seed", "--force", "truth.json", "program.json"] {
            #expect(r.stdout.contains(word), "help lacks \(word)")
        }
    }
}
