import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

@Suite struct SHA256VectorTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
        ("劳模", "c6b0b25c18c78edb34452cc241d0d4f5b7d77c85c0888fe50107f38b5ef7e542"),
    ] as [(String, String)])
    func matchesPublishedTestVectors(input: String, hex: String) {
        #expect(sha256Hex(bytes: Array(input.utf8)) == hex)
    }

    @Test func hashesAMillionAsLikeTheFIPSVector() {
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(sha256Hex(bytes: input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        (55, "eb2c86e932179f4ba13fe8715a26124b77d6bad290b9b4c1cc140cf633300c19"),
        (56, "a5fc6e203a4c2b657d0d153885932414b2ffc6a93f0f8bf8b3183315e5a7212c"),
        (64, "a0fab1377f49a759b57f63318262ebe89fabfc990e8e93ceac2984561482b9d4"),
    ] as [(Int, String)])
    func padsCorrectlyAtTheBlockBoundaries(length: Int, hex: String) {
        // Values from coreutils sha256sum; 55, 56 and 64 bytes straddle the padding boundary.
        #expect(sha256Hex(bytes: [UInt8](repeating: 0x62, count: length)) == hex)
    }
}
