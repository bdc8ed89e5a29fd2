import Foundation
import RosterCheck
import RosterCore
import RosterOutputs
import Spreadsheet

/// The check a submission gets on arrival: the same locator and validator as `roster check`,
/// against the intake's programme and register (loaded once, shared by every request).
public struct IntakeChecker: Sendable {
    public let program: Program
    public let registry: Registry
    public let template: TableTemplate
    public let studios: StudioList?
    public let districts: DistrictList

    /// Loads the programme and the register named by the configuration.
    public init(folder: String, configuration c: IntakeConfiguration, districts: DistrictList = .kunming) throws {
        program = try Program.load(path: folder + "/" + c.program)
        registry = try Registry.load(path: folder + "/" + c.registry)
        template = program.payee == .organisation ? .defaultOrganisation : .defaultRoster
        studios = try c.studios.map { try StudioList.load(path: folder + "/" + $0) }
        self.districts = districts
    }

    /// The validator of every check.
    public var validator: Validator {
        var v = Validator(template: template, program: program, registry: registry, districts: districts)
        v.studios = studios
        return v
    }

    /// Reads and checks one district's file (its own duplicates only: across districts, see
    /// ``IntakeStore/crossDistrictClaims(checker:)``). A file the readers refuse throws.
    ///
    /// The account's district is the file's: a row or title naming another district
    /// (`district.not-own`) holds the whole file back, so one office can neither file people
    /// under another's name nor have its rows land in another's return workbook.
    public func check(path: String, district: String) throws(SpreadsheetError) -> FileCheck {
        let file = try RosterLocator(template: template, districts: districts).read(path: path, fallbackDistrict: district)
        var check = validator.check([file])[0]
        var foreign: Set<String> = []
        if let named = file.district, named != district { foreign.insert(named) }
        for i in check.rows.indices {
            guard let other = check.rows[i].district, other != district else { continue }
            foreign.insert(other)
            check.rows[i].findings.append(
                Finding(
                    file: file.path, sheet: file.sheet, row: check.rows[i].number, columnIndex: file.columns[.district], field: .district,
                    code: .districtNotOwn, message: "该行区县为“\(other)”：本账号只能报送\(district)的人员", value: other))
        }
        if !foreign.isEmpty {
            let names = districts.sorted(Array(foreign)).joined(separator: "、")
            check.fileFindings.append(
                Finding(
                    file: file.path, sheet: file.sheet, row: nil, columnIndex: nil, field: .district, code: .districtNotOwn,
                    message: "文件中有\(names)的人员：网上报送只能报送\(district)的人员，整个文件暂不接收，请改正后重新上传"))
        }
        return check
    }

    /// Writes the district's return workbook for a checked file.
    public func writeReturn(_ check: FileCheck, district: String, to path: String) throws(SpreadsheetError) {
        try ReturnWorkbook.write(to: path, district: district, checks: [check], program: program, runDate: program.date, overwrite: true)
    }
}
