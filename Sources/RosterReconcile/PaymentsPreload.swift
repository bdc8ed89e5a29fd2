import Foundation
import RosterLedger

/// A batch's payments loaded on their own thread while the result file is read: the batch a
/// file answers is usually known before it is parsed (a list's `--batch`, or the pain.002
/// message named near its top), and loading 100,000 payments takes as long as parsing them.
final class PaymentsPreload: @unchecked Sendable {  // `loaded` is written once by the loading thread before `done` is signalled, and read only after waiting on it
    let batchId: String
    private let done = DispatchSemaphore(value: 0)
    private var loaded: [IssuedPayment]?
    private var waited = false

    init(batchId: String, ledger: PaymentLedger) {
        self.batchId = batchId
        let thread = Thread { [self] in
            loaded = try? ledger.issuedPayments(batchId: batchId)
            done.signal()
        }
        thread.name = "roster-preload"
        thread.start()
    }

    /// The payments of `batch`, if they were preloaded (nil: load them now).
    func payments(of batch: String) -> [IssuedPayment]? {
        guard batch == batchId else { return nil }
        if !waited {
            done.wait()
            waited = true
        }
        return loaded
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
