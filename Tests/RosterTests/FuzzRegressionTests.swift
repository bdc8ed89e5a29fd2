import Foundation
import FuzzTargets
import Testing

/// Replays every committed fuzz input (crash regressions in FuzzRegressions/<target>/ and the
/// seed set in Fuzz/seeds/<target>/) through the same code the libFuzzer target runs.
@Suite(.tags(.slow), .notInQuickRuns) struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent()

    /// (target, file) pairs: every regular file of both folders, sorted.
    static let inputs: [FuzzInput] = {
        var all: [FuzzInput] = []
        for target in FuzzTargets.all.keys.sorted() {
            for base in [root.appendingPathComponent("FuzzRegressions"), packageRoot.appendingPathComponent("Fuzz/seeds")] {
                let dir = base.appendingPathComponent(target)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
                for name in names.sorted() where !name.hasPrefix(".") && name != "README.md" {
                    all.append(FuzzInput(target: target, path: dir.appendingPathComponent(name).path))
                }
            }
        }
        return all
    }()

    @Test func everyFuzzTargetHasCommittedInputs() {
        for target in FuzzTargets.all.keys.sorted() {
            #expect(Self.inputs.contains { $0.target == target }, "no seed or regression input for \(target)")
        }
    }

    @Test(arguments: inputs)
    func committedFuzzInputRunsWithoutCrashOrBrokenInvariant(_ input: FuzzInput) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input.path)))
        let run = try #require(FuzzTargets.all[input.target])
        do {
            try run(bytes)
        } catch {
            Issue.record("\(input.target) \(input.path): \(error)")
        }
    }
}

/// One committed fuzz input.
struct FuzzInput: Sendable, CustomTestStringConvertible {
    var target: String
    var path: String
    var testDescription: String { target + "/" + (path as NSString).lastPathComponent }
}
