import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct HashingTests {
    @Test func hashesBytesToTheKnownSHA256() {
        #expect(
            sha256Hex(bytes: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(bytes: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex(utf8: "abc") == sha256Hex(bytes: Array("abc".utf8)))
    }

    @Test func hashesALargeFileInChunksToTheSameDigestAsItsBytes() throws {
        var bytes = [UInt8](repeating: 0, count: 3 * (1 << 20) + 12345)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
        let file = try LedgerFixture.folder().appendingPathComponent("big.bin")
        try Data(bytes).write(to: file)
        #expect(try sha256Hex(fileAt: file.path) == sha256Hex(bytes: bytes))
        #expect(try sha256Hex(fileAt: file) == sha256Hex(bytes: bytes))
    }

    @Test func aMissingFileIsAOneLineErrorNamingIt() throws {
        do {
            _ = try sha256Hex(fileAt: "/nonexistent/manifest.json")
            Issue.record("hashed a missing file")
        } catch let error as FileHashError {
            #expect(error.description.hasPrefix("/nonexistent/manifest.json: cannot read the file"))
            #expect(error.reason == "no such file")
        }
    }
}
