import Dispatch
import Foundation

/// Phase durations on stderr when `ROSTER_TIMING` is set (for profiling; no personal data).
public final class PhaseTimer: @unchecked Sendable {  // `last` is read and written only under `lock`
    let enabled: Bool
    private let lock = NSLock()
    private var last = DispatchTime.now()
    private var lastCPU = 0.0
    /// A timer that prints only when `enabled`.
    public init(enabled: Bool) {
        self.enabled = enabled
        lastCPU = Self.processorSeconds()
    }

    /// User and system time of all the process's threads so far.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    /// Prints the time since the previous mark (or creation), the processor time of all threads
    /// in it (above the wall time when the stage keeps several cores busy) and the memory in use.
    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        let ms = lock.withLock {
            defer { last = now }
            return Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e6
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpuNow = Self.processorSeconds()
        let cpu = lock.withLock {
            defer { lastCPU = cpuNow }
            return (cpuNow - lastCPU) * 1000
        }
        // Resident now (second field of /proc/self/statm, in pages), next to the peak so far.
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let resident = pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
        FileHandle.standardError.write(Data("timing \(phase): \(Int(ms)) ms, cpu \(Int(cpu)) ms, resident \(resident) MiB, peak \(usage.ru_maxrss / 1024) MiB\n".utf8))
    }
}
