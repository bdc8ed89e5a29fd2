import Dispatch
import Foundation

/// Phase durations on stderr when `ROSTER_TIMING` is set (for profiling; no personal data).
public final class PhaseTimer: @unchecked Sendable {  // `last` is read and written only under `lock`
    let enabled: Bool
    private let lock = NSLock()
    private var last = DispatchTime.now()
    /// A timer that prints only when `enabled`.
    public init(enabled: Bool) { self.enabled = enabled }
    /// Prints the time since the previous mark (or creation) and the memory in use.
    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = lock.withLock {
            defer { last = now }
            return Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        // Resident now (second field of /proc/self/statm, in pages), next to the peak so far.
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let resident = pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
        FileHandle.standardError.write(Data("timing \(phase): \(Int(ms)) ms, resident \(resident) MiB, peak \(usage.ru_maxrss / 1024) MiB\n".utf8))
    }
}

/// glibc's `malloc_trim` (in `<malloc.h>`, which the Glibc module does not export): returns
/// freed heap memory to the system.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32

/// Gives memory freed by worker threads back to the system, so the resident size follows
/// what is live (a no-op apart from that).
package func releaseFreedMemory() {
    _ = glibcMallocTrim(0)
}
