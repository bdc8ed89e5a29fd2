import Foundation
import RosterCheck

extension PaymentRun {
    /// Expands folders (recursively) into their XLSX/CSV files, skipping hidden and office
    /// lock files (`~$x.xlsx`), and returns the paths relative to `cwd`, sorted and unique.
    public static func resolveInputs(_ inputs: [String], cwd: String) throws(RunError) -> (files: [String], skipped: [String]) {
        let fm = FileManager.default
        var files = Set<String>()
        var skipped = Set<String>()
        func wanted(_ name: String) -> Bool {
            let ext = (name as NSString).pathExtension.lowercased()
            return ext == "xlsx" || ext == "csv"
        }
        func ignorable(_ name: String) -> Bool { name.hasPrefix(".") || name.hasPrefix("~$") }
        for input in inputs {
            let abs = RunPaths.absolute(input, cwd: cwd)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: abs, isDirectory: &isDir) else {
                try RunPaths.requireRegularFile(abs, shown: input)
                throw RunError(.input, "\(input): no such file or folder; give roster files (XLSX/CSV) or folders of them")
            }
            if isDir.boolValue, wanted(input) {
                throw RunError(.input, "\(input): is a folder, not a roster file; give the .xlsx or .csv file itself, or a folder of them")
            }
            if !isDir.boolValue {
                try RunPaths.requireRegularFile(abs, shown: input)
                guard wanted(input) else {
                    throw RunError(.input, "\(input): not an XLSX or CSV file; save it as .xlsx or .csv, or leave it out")
                }
                files.insert(RunPaths.relative(abs, cwd: cwd))
                continue
            }
            guard let walker = fm.enumerator(atPath: abs) else {
                throw RunError(.input, "\(input): the folder cannot be read; check its permissions")
            }
            while let sub = walker.nextObject() as? String {
                let name = (sub as NSString).lastPathComponent
                let full = abs + "/" + sub
                var subDir: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &subDir)
                if subDir.boolValue {
                    if ignorable(name) { walker.skipDescendants() }
                    continue
                }
                guard wanted(name) else { continue }
                if ignorable(name) {
                    skipped.insert(RunPaths.relative(full, cwd: cwd) + " (hidden or an office temporary file)")
                    continue
                }
                try RunPaths.requireRegularFile(full, shown: RunPaths.relative(full, cwd: cwd))
                files.insert(RunPaths.relative(full, cwd: cwd))
            }
        }
        let sort = { (a: String, b: String) in a.utf8.lexicographicallyPrecedes(b.utf8) }
        return (files.sorted(by: sort), skipped.sorted(by: sort))
    }

    /// One line for a roster in which no sheet has a roster header row.
    static func unreadableRosterMessage(_ f: RosterFile) -> String {
        let anything = f.titleRows.contains { row in row.cells.contains { !$0.raw.allSatisfy(\.isWhitespace) } }
        let what = anything
            ? "no sheet has a roster header row (姓名 or 身份证号码 with other columns)"
            : "the file is empty"
        return "\(f.path): cannot be read as a roster: \(what); ask the district to resend it as .xlsx or .csv with the standard header, or leave it out, then run again"
    }
}
