import Dispatch
import Foundation

/// A value computed on its own thread while the caller goes on, then waited for: the ledger
/// recording a batch while the outputs are written, a batch's payments loading while a bank
/// answer is parsed.
package final class Background<T: Sendable>: @unchecked Sendable {  // `computed` is written once by the thread before `done` is signalled and read only after waiting on it; `waited` is used by the owner's thread alone
    private let done = DispatchSemaphore(value: 0)
    private var computed: T?
    private var waited = false

    /// Starts `work` on a thread named `name`.
    package init(name: String, _ work: @escaping @Sendable () -> T) {
        let thread = Thread { [self] in
            computed = work()
            done.signal()
        }
        thread.name = name
        thread.start()
    }

    /// The value, waiting for it the first time.
    package func value() -> T {
        if !waited {
            done.wait()
            waited = true
        }
        return computed!
    }
}
