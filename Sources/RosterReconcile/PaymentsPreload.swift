import Foundation
import RosterCore
import RosterLedger

/// A batch's payments loaded on their own thread while the result file is read: the batch a
/// file answers is usually known before it is parsed (a list's `--batch`, or the pain.002
/// message named near its top), and loading 100,000 payments takes as long as parsing them.
final class PaymentsPreload: Sendable {
    let batchId: String
    private let loaded: Background<[IssuedPayment]?>

    init(batchId: String, ledger: PaymentLedger) {
        self.batchId = batchId
        loaded = Background(name: "roster-preload") { try? ledger.issuedPayments(batchId: batchId) }
    }

    /// The payments of `batch`, if they were preloaded (nil: load them now).
    func payments(of batch: String) -> [IssuedPayment]? {
        batch == batchId ? loaded.value() : nil
    }

    /// The batch a result file most likely answers, without parsing it: the pain.001 message a
    /// pain.002 names near its top, or for a list the batch given or the one awaiting the bank.
    static func guess(path: String, batch: String?, ledger: PaymentLedger) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 4096), as: UTF8.self)
        if head.contains("CstmrPmtStsRpt") {
            guard let a = head.range(of: "<OrgnlMsgId>"), let b = head.range(of: "</OrgnlMsgId>", range: a.upperBound..<head.endIndex) else {
                return nil
            }
            return try? ledger.batchId(forMessage: String(head[a.upperBound..<b.lowerBound]))
        }
        if head.hasPrefix("<") || head.contains("<?xml") { return nil }
        if let batch { return batch }
        let awaiting = (try? ledger.batchesAwaitingBank()) ?? []
        return awaiting.count == 1 ? awaiting[0] : nil
    }
}
