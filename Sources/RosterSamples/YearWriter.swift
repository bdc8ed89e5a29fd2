import Foundation
import Spreadsheet

/// Writes a generated year into a folder: every workbook through the samples' XLSX writer,
/// every text file atomically, each in its sub-folder.
public enum YearWriter {
    /// Writes `year` into `directory`. A non-empty folder is refused unless `force`; then the
    /// year's own files are replaced and any other file is left alone. Returns the paths
    /// written, relative to the folder, in order.
    @discardableResult
    public static func write(_ year: YearScenario, to directory: String, force: Bool = false) throws -> [String] {
        try checkFolder(directory, force: force)
        var written: [String] = []
        for file in year.workbooks {
            let path = directory + "/" + file.path
            try attempt(path) { try Folders.createParent(of: path) }
            try SampleWriter.writeXLSX(file, to: path)
            written.append(file.path)
        }
        for text in year.texts {
            let path = directory + "/" + text.path
            try attempt(path) {
                try Folders.createParent(of: path)
                try AtomicFile.commit(try AtomicFile.writeTemporary(Array(text.text.utf8), beside: path), to: path, overwrite: true)
            }
            written.append(text.path)
        }
        return written
    }

    /// A file where the folder should be, or a folder with files in it without `force`, is refused.
    static func checkFolder(_ directory: String, force: Bool) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else { return }
        guard isDir.boolValue else {
            throw SampleWriter.Failure(description: "\(directory): is a file, not a folder; give a folder for --out")
        }
        if !force, !((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).isEmpty {
            throw SampleWriter.Failure(
                description: "\(directory): the folder is not empty; choose another --out or add --force to replace the samples in it")
        }
    }

    /// Runs `body`, naming `path` in what it throws.
    static func attempt(_ path: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw SampleWriter.Failure(description: "\(path): cannot write: \(error)")
        }
    }
}
