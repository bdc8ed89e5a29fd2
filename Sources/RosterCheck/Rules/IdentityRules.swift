import RosterCore

extension Validator {
    /// The identity number's cell: parsed, then checked when the column exists. Returns the
    /// number and whether it can be used as a key.
    func checkIdentity(_ row: inout RowContext) -> (ParsedIdentity, Bool) {
        let id = FieldParsing.identity(row.cell(.idNumber))
        row.note(.idNumber, id.changes)
        guard row.has(.idNumber) else { return (id, false) }
        return (id, checkIdentity(id) { row.add(.idNumber, $0, $1, value: $2) })
    }

    /// `id.gender-mismatch`: 性别 against the ID's 17th digit. Returns 男 true, 女 false.
    func checkGender(_ row: inout RowContext, id: ParsedIdentity) -> Bool? {
        let genderText = FieldParsing.text(row.cell(.gender)).0
        let isMale = genderText.isEmpty ? nil : FieldParsing.isMale(genderText)
        if let m = isMale, id.problem == nil, let idMale = IdentityNumber.isMale(id.value), m != idMale {
            row.add(
                .gender, .idGenderMismatch,
                "性别填写为“\(m ? "男" : "女")”，但身份证号码显示为\(idMale ? "男" : "女")性，请核对性别或身份证号码",
                value: genderText)
        }
        return isMale
    }

    /// Runs the identity checks (`id.*`); returns true when the number can be used as a key.
    func checkIdentity(_ id: ParsedIdentity, add: (FindingCode, String, String?) -> Void) -> Bool {
        switch id.problem {
        case .missing:
            add(.idMissing, "身份证号码为空，请填写18位身份证号码", nil)
            return false
        case .precisionLost:
            add(
                .idPrecisionLost,
                "身份证号码以数字格式保存，末几位已丢失（如显示为 5.30102E+17）。请把该列设为“文本”格式后重新录入完整号码",
                Mask.identity(FieldParsing.expandScientific(id.value) ?? id.value))
            return false
        case .format:
            let n = id.value.count
            let why = n == 18 || n == 15 ? "含有不应出现的字符" : "共\(n)位"
            add(.idFormat, "身份证号码格式不对（\(why)），应为18位：前17位为数字，最后一位为数字或X，请核对后重填", Mask.identity(id.value))
            return false
        case nil: break
        }
        var ok = true
        var maskedCache: String?
        var masked: String {
            if let m = maskedCache { return m }
            let m = Mask.identity(id.value)
            maskedCache = m
            return m
        }
        if id.upgradedLegacy {
            add(.idLegacy15, "15位旧身份证号码已自动升级为18位，请核对是否为本人现用号码", masked)
        }
        if !IdentityNumber.hasProvinceCode(id.value) {
            add(.idRegion, "身份证号码前两位“\(id.value.prefix(2))”不是有效的省级行政区划代码，请核对", masked)
            ok = false
        } else if let regions, !regions.contains(id.value.prefix(6)) {
            add(.idRegion, "身份证号码前六位“\(id.value.prefix(6))”不是有效的行政区划代码，请核对", masked)
            ok = false
        }
        if let b = IdentityNumber.birthDate(id.value) {
            let ref = program.date
            if !b.isValid {
                add(.idBirthdate, "身份证号码中的出生日期“\(b)”不是有效日期，请核对", masked)
                ok = false
            } else if b > ref {
                add(.idBirthdate, "身份证号码中的出生日期“\(b)”晚于发放日期 \(ref)，请核对", masked)
                ok = false
            } else {
                let age = b.age(on: ref)
                if age < 16 || age > 120 {
                    add(.idBirthdate, "按身份证号码计算年龄为\(age)岁，不在16至120岁之间，请核对", masked)
                    ok = false
                }
            }
        }
        if !IdentityNumber.hasValidChecksum(id.value) {
            add(.idChecksum, "身份证号码校验位（最后一位）不正确，可能有数字抄错，请对照身份证原件核对", masked)
            ok = false
        }
        return ok
    }
}
