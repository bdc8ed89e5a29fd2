import Foundation

/// Paths as the user gave them (shown in every message) and as the run opens them.
enum RunPaths {
    /// `path` made absolute against `cwd` and standardised.
    static func absolute(_ path: String, cwd: String) -> String {
        let p = path.hasPrefix("/") ? path : cwd + "/" + path
        return (p as NSString).standardizingPath
    }

    /// An absolute path shown relative to `cwd` (`../x/y` when outside it).
    static func relative(_ abs: String, cwd: String) -> String {
        let a = (abs as NSString).standardizingPath.split(separator: "/").map(String.init)
        let c = (cwd as NSString).standardizingPath.split(separator: "/").map(String.init)
        var i = 0
        while i < a.count, i < c.count, a[i] == c[i] { i += 1 }
        let parts = Array(repeating: "..", count: c.count - i) + a[i...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Refuses a configuration file that is a folder, a pipe/socket/device or a looping link.
    /// A missing file is left for its loader to name.
    static func requireConfigFile(_ given: String, option: String, what: String, cwd: String) throws(RunError) {
        let path = RunPaths.absolute(given, cwd: cwd)
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ELOOP {
                throw RunError(.input, "\(option) \(given): a symbolic link loop (the link points back to itself); give \(what)")
            }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: throw RunError(.input, "\(option) \(given): is a folder, not a file; give \(what)")
        default: throw RunError(.input, "\(option) \(given): not a regular file (a pipe, socket or device); give \(what)")
        }
    }

    /// Refuses a pipe, socket or device in place of a roster (reading one would block or never
    /// end). A missing target (a dangling link) is left for the reader to name.
    static func requireRegularFile(_ path: String, shown: String) throws(RunError) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ELOOP {
                throw RunError(.input, "\(shown): a symbolic link loop (the link points back to itself); replace it with the roster file or leave it out")
            }
            return
        }
        if (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFDIR {
            throw RunError(.input, "\(shown): not a regular file (a pipe, socket or device); give roster files (XLSX/CSV) or leave it out")
        }
    }

    /// Why the folder `--out` cannot go where it is asked to: a file on the way (nil when the
    /// folders above it exist or can be created).
    static func outParentProblem(outAbs: String, shown: String, cwd: String) -> String? {
        var p = (outAbs as NSString).deletingLastPathComponent
        while p != "/" && !p.isEmpty {
            var st = stat()
            if lstat(p, &st) == 0 || stat(p, &st) == 0 {
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue { break }
                return "\(shown): cannot be created: \(RunPaths.relative(p, cwd: cwd)) is a file, not a folder; choose another --out"
            }
            p = (p as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// Every file under `dir`, relative to it, sorted by bytes.
    static func listFiles(_ dir: String) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir) else { return [] }
        while let sub = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dir + "/" + sub, isDirectory: &isDir), !isDir.boolValue { out.append(sub) }
        }
        return out.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(RunError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw RunError(.output, "\(path): cannot be written (\(error.localizedDescription))")
        }
    }
}
