import RosterCore

extension Validator {
    /// `district.unknown`: a 区县 value must name one of the city's districts (never `../x`, a
    /// formula or another city's district).
    func checkDistrict(_ row: inout RowContext) {
        guard let d = row.cell(.district), !districts.names(d.raw) else { return }
        let shown = FieldParsing.text(d).0
        if !shown.isEmpty {
            row.add(
                .district, .districtUnknown,
                "区县“\(shown)”不是\(districts.city)的区县。请填写以下之一：\(districts.listed)", value: shown)
        }
    }

    /// `name.missing`; returns the normalised name.
    func checkName(_ row: inout RowContext) -> String {
        let (name, changes) = FieldParsing.name(row.cell(.name))
        row.note(.name, changes)
        if name.isEmpty, row.has(.name) { row.add(.name, .nameMissing, "姓名为空，请填写劳模姓名") }
        return name
    }
}
