import ArgumentParser
import Spreadsheet

/// `roster sheets FILE`: the sheets of a workbook, one per line.
struct Sheets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lists the sheets of a workbook: index, name, visible or hidden, kind.",
        discussion: "One line per sheet: the 1-based index (what --sheet-index takes), the name (what "
            + "--sheet takes), 'visible', 'hidden' or 'very hidden', and the kind: 'worksheet', 'chart' "
            + "(a chart sheet, no cells), 'dialog' or 'macro', separated by tabs. A CSV file has one "
            + "sheet named after the file.")

    @Argument(help: "An .xlsx or .csv file.")
    var file: String

    @OptionGroup var csv: CSVOptions

    func run() throws {
        let options = try csv.readOptions()
        let workbook: any Workbook
        do {
            workbook = try Spreadsheets.open(path: file, options: options)
        } catch {
            throw unreadable(error)
        }
        let out = StandardOutput()
        for sheet in workbook.sheets {
            let state: String
            switch sheet.visibility {
            case .visible: state = "visible"
            case .hidden: state = "hidden"
            case .veryHidden: state = "very hidden"
            }
            out.write("\(sheet.index + 1)\t\(sheet.name)\t\(state)\t\(sheet.kind.rawValue)\n")
        }
        out.flush()
    }
}
