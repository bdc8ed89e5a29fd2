import Foundation
import Testing

@testable import RosterCheck
@testable import RosterCore
@testable import RosterLedger
@testable import RosterOutputs
@testable import RosterRun
@testable import RosterSamples

/// Shared fixtures and paths for the bank file tests.
enum BankFixtures {
    /// The package root, from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared/iso20022` beside the package.
    static let iso20022 = packageRoot + "/../shared/iso20022"

    /// The XSD for `version`, or nil (with a printed note) when the shared copy is absent.
    static func xsd(_ version: Pain001Version) -> String? {
        let path = iso20022 + "/" + version.rawValue + ".xsd"
        if FileManager.default.fileExists(atPath: path) { return path }
        print("note: skipping XSD validation, \(path) is absent")
        return nil
    }

    /// A small batch with Chinese names, a bank code on some rows, and text that needs quoting in CSV.
    static func batch() -> PaymentBatch {
        PaymentBatch(
            programmeId: "KM-2024-LM", programmeTitle: "2024年度昆明市劳动模范慰问金", period: "2024",
            payerName: "昆明市总工会", payerAccount: "2502011009024901234", payerBank: "中国工商银行昆明分行营业部",
            executionDate: "2024-09-30",
            payments: [
                Payment(
                    sequence: 1, name: "张三", idNumber: "53010219800101123X", account: "6222021234567890123",
                    bankName: "中国工商银行昆明五华支行", bankCode: "102731000123", amount: Money(fen: 300_000),
                    district: "五华区", purpose: "劳模慰问金"),
                Payment(
                    sequence: 2, name: "李四", idNumber: "530103197512120021", account: "6217003860001234567",
                    bankName: "中国建设银行昆明盘龙支行", bankCode: nil, amount: Money(fen: 191_257),
                    district: "盘龙区", purpose: "劳模慰问金"),
                Payment(
                    sequence: 3, name: "买买提·艾力", idNumber: "530111196805050013", account: "6228480123456789012",
                    bankName: "中国农业银行昆明官渡支行", bankCode: "103731000456", amount: Money(fen: 7),
                    district: "官渡区", purpose: "劳模慰问金"),
            ])
    }

    /// A batch whose texts need RFC 4180 quoting and the injection guard in CSV.
    static func awkwardBatch() -> PaymentBatch {
        var b = batch()
        b.payments[0].bankName = "工商银行,五华支行"
        b.payments[1].purpose = "=HYPERLINK(\"http://x\")"
        b.payments[2].name = "-王五"
        b.payments[2].purpose = "+1"
        return b
    }

    /// The golden file's bytes, or nil when absent. With `ROSTER_UPDATE_GOLDEN=1` the golden
    /// file is (re)written from `actual` first.
    static func golden(_ name: String, actual: [UInt8]) throws -> [UInt8]? {
        let path = packageRoot + "/Tests/RosterTests/Golden/" + name
        if ProcessInfo.processInfo.environment["ROSTER_UPDATE_GOLDEN"] == "1" {
            try Data(actual).write(to: URL(fileURLWithPath: path))
        }
        return FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "roster-bank-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
