import Dispatch
import Foundation

/// Results written by worker threads into their own slot.
final class Slots<R>: @unchecked Sendable {  // every access holds `lock`
    var values: [R?]
    let lock = NSLock()
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
}

/// Maps `items` on all cores; results keep the items' order.
package func parallelMap<T: Sendable, R>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
    let slots = Slots<R>(items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        let r = body(items[i])
        slots.lock.withLock { slots.values[i] = r }
    }
    return slots.values.map { $0! }
}
