import RosterCore

extension Validator {
    /// The account cell (`bank.*`); returns the cleaned account number.
    func checkAccount(_ row: inout RowContext) -> String {
        let acct = FieldParsing.account(row.cell(.account))
        row.note(.account, acct.changes)
        if row.has(.account) { checkAccount(acct) { row.add(.account, $0, $1, value: $2) } }
        return acct.value
    }

    /// `bank.missing`, `bank.precision-lost`, `bank.account-format`, `bank.luhn`.
    func checkAccount(_ a: (value: String, precisionLost: Bool, changes: TextChanges), add: (FindingCode, String, String?) -> Void) {
        if a.value.isEmpty {
            add(.bankMissing, "银行卡号为空，请填写本人银行卡号", nil)
            return
        }
        var masked: String { Mask.account(a.value) }
        if a.precisionLost {
            add(.bankPrecisionLost, "银行卡号以数字格式保存，末几位已丢失。请把该列设为“文本”格式后重新录入完整卡号", masked)
            return
        }
        let digitsOnly = a.value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        let n = digitsOnly ? a.value.utf8.count : a.value.count
        if !digitsOnly || n < 12 || n > 30 {
            add(.bankAccountFormat, "银行卡号应为12至30位数字（现为\(digitsOnly ? "\(n)位" : "含非数字字符")），请核对", masked)
            return
        }
        if (16...19).contains(n), !BankAccount.passesLuhn(a.value) {
            add(.bankLuhn, "银行卡号校验不通过，可能有数字抄错，请与存折或银行卡核对", masked)
        }
    }
}
