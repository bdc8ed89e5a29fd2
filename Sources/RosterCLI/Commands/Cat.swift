import ArgumentParser
import Spreadsheet

/// `roster cat FILE`: one sheet as read, as JSON lines or CSV, or only its counts.
struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prints one sheet as read (JSON lines or CSV), or only its counts (--stats).",
        discussion: """
            jsonl: one JSON array per row from row 1 to the last non-empty row (an empty row is []), \
            from column A to the row's last non-empty cell; empty cells are null, numbers are JSON \
            numbers, dates {"date":"2017-09-30"}, times {"time":"08:45:30"}, date-times \
            {"datetime":"2017-09-30T08:45:30"}, durations {"duration":SECONDS}, errors {"error":"#N/A"}. \
            csv: RFC 4180, UTF-8. Exit status 2 with a one-line message when the file cannot be read.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
        case csv
    }

    @Argument(help: "An .xlsx or .csv file.")
    var file: String

    @OptionGroup var sheet: SheetSelection

    @Option(help: "Output format: jsonl or csv.")
    var format: Format = .jsonl

    @Flag(help: "Read every cell and print only counts: rows and cells by type.")
    var stats = false

    @OptionGroup var csv: CSVOptions

    func run() throws {
        let options = try csv.readOptions()
        let out = StandardOutput()
        do {
            let (_, reader) = try openSheet(file, sheet, options: options)
            if stats {
                try printStats(reader, to: out)
            } else {
                try printRows(reader, to: out)
            }
        } catch {
            // Rows already printed stay printed; the message says where reading stopped.
            out.flush()
            throw unreadable(error)
        }
        out.flush()
    }

    /// Prints rows from row 1 to the last non-empty one, filling gaps with empty rows.
    private func printRows(_ reader: any SheetReader, to out: StandardOutput) throws(SpreadsheetError) {
        let csvReader = reader as? CSVSheetReader
        var previous = 0
        while let row = try reader.nextRow() {
            // A CSV record may span lines: count records there, not physical lines.
            let number = csvReader?.recordNumber ?? row.number
            while previous + 1 < number {
                if format == .jsonl { out.bytes.append(contentsOf: [0x5B, 0x5D, 0x0A]) } else {
                    out.bytes.append(contentsOf: [0x0D, 0x0A])
                }
                previous += 1
            }
            switch format {
            case .jsonl:
                JSONLines.appendRow(row, to: &out.bytes)
                out.bytes.append(0x0A)
            case .csv:
                CSVLines.appendRow(row, to: &out.bytes)
            }
            previous = number
            out.flushIfFull()
        }
    }

    /// Reads every cell and prints the counts.
    private func printStats(_ reader: any SheetReader, to out: StandardOutput) throws(SpreadsheetError) {
        var rows = 0
        var lastRow = 0
        var cells = 0
        var strings = 0
        var numbers = 0
        var bools = 0
        var errors = 0
        var dates = 0
        var durations = 0
        let csvReader = reader as? CSVSheetReader
        while let row = try reader.nextRow() {
            rows += 1
            lastRow = csvReader?.recordNumber ?? row.number
            cells += row.cells.count
            for cell in row.cells {
                switch cell.value {
                case .string, .empty: strings += 1
                case .number: numbers += 1
                case .bool: bools += 1
                case .error: errors += 1
                case .date: dates += 1
                case .duration: durations += 1
                }
            }
        }
        out.write(
            """
            sheet: \(reader.sheet.name)
            rows: \(rows)
            last row: \(lastRow)
            cells: \(cells)
            strings: \(strings)
            numbers: \(numbers)
            booleans: \(bools)
            errors: \(errors)
            dates: \(dates)
            durations: \(durations)
            merged ranges: \(reader.mergedRanges.count)

            """)
    }
}
