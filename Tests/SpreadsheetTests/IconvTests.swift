import Testing
@testable import Spreadsheet

@Suite struct IconvTests {
    @Test func roundTripsChineseThroughGB18030() throws {
        let text = "昆明市五华区 劳动模范 王芳·阿依古丽"
        let gb = try IconvConverter.encode(text, to: "GB18030")
        #expect(gb.count < Array(text.utf8).count)
        #expect(try IconvConverter.decode(gb, from: "GB18030") == text)
    }

    @Test func refusesCharactersGBKCannotEncode() {
        #expect(throws: IconvConverter.Failure.self) { try IconvConverter.encode("😀", to: "GBK") }
    }

    @Test func reportsInvalidBytesWithTheirOffset() {
        #expect(throws: IconvConverter.Failure.invalidSequence(offset: 2)) {
            try IconvConverter.decode([0x41, 0x42, 0xFF, 0x43], from: "UTF-8")
        }
    }

    @Test func carriesAnIncompleteSequenceToTheNextChunk() throws {
        let bytes = try IconvConverter.encode("中文", to: "GB18030")  // 4 bytes
        let conv = try IconvConverter(from: "GB18030", to: "UTF-8")
        var out: [UInt8] = []
        let used = try bytes[0..<3].withUnsafeBytes { try conv.convert($0, into: &out, final: false) }
        #expect(used == 2)
        _ = try bytes[2...].withUnsafeBytes { try conv.convert($0, into: &out, final: true) }
        #expect(String(decoding: out, as: UTF8.self) == "中文")
    }
}
