#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creating the folders a file the user names is to go in.
public enum Folders {
    /// Creates `path` and any missing parent, as `mkdir -p` does; an existing folder is fine.
    /// A file (or anything else that is not a folder) on the way is an error naming it.
    public static func create(_ path: String) throws(SpreadsheetError) {
        let absolute = path.hasPrefix("/")
        var built = absolute ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            built += "/" + part
            if part == "." || part == ".." { continue }
            if mkdir(built, 0o777) == 0 { continue }
            let err = errno
            var st = stat()
            if stat(built, &st) == 0 {
                if (st.st_mode & S_IFMT) == S_IFDIR { continue }
                throw SpreadsheetError(
                    .io, file: path, reason: "cannot create the folder: \(shown(built, absolute)) is a file, not a folder",
                    hint: "choose another place")
            }
            throw SpreadsheetError(
                .io, file: path, reason: "cannot create the folder \(shown(built, absolute)): \(String(cString: strerror(err)))",
                hint: "check the permissions")
        }
    }

    /// Creates the folder a file at `path` goes in (see `create`); errors name the file.
    public static func createParent(of path: String) throws(SpreadsheetError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        do {
            try create(String(path[..<slash]))
        } catch {
            var e = error
            e.file = path
            throw e
        }
    }

    private static func shown(_ built: String, _ absolute: Bool) -> String {
        absolute ? built : String(built.dropFirst(2))
    }
}
