// libFuzzer entry point: built only with ROSTER_FUZZ=1 (see Package.swift and Scripts/fuzz.sh).
// With --sanitize=fuzzer SwiftPM compiles this file with -parse-as-library, so there is no
// top-level code and libFuzzer's own main() drives LLVMFuzzerTestOneInput.
import FuzzTargets

/// Runs one fuzz input through `FuzzTargets.results`; a broken invariant aborts so libFuzzer
/// records the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    do {
        try FuzzTargets.results(Array(UnsafeBufferPointer(start: data, count: size)))
    } catch {
        fatalError("FuzzResults: \(error)")
    }
    return 0
}
