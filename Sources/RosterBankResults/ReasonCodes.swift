import RosterCore
/// Bank reasons in Chinese a district clerk can act on: ISO 20022 external status and return
/// reason codes, and the failure texts Chinese banks put in their result lists.
public enum ReasonCodes {
    /// The explanation of a reason `code` (ISO) or a bank's `text`, or a general one.
    public static func explain(code: String?, text rawText: String?, outcome: ResultOutcome) -> String {
        let text = rawText.map(Mask.numbers(in:))
        if let code, let known = iso[code.uppercased()] {
            if code.uppercased() == "NARR", let text, !text.isEmpty { return "银行说明：\(text)。" + known }
            return known
        }
        if let text, !text.isEmpty {
            for (words, meaning) in chinese where words.contains(where: { text.contains($0) }) { return "\(text)：\(meaning)" }
            return "银行说明：\(text)。请核实收款人户名、卡号后重新报送。"
        }
        switch outcome {
        case .failed: return "银行未说明原因的发放失败。请核实收款人户名、卡号后重新报送。"
        case .returned: return "款项到账后被收款银行退回。请核实收款人户名、卡号后重新报送。"
        case .confirmed, .pending: return ""
        }
    }

    /// Whether `code` is one this table explains.
    public static func isKnown(_ code: String) -> Bool { iso[code.uppercased()] != nil }

    static let iso: [String: String] = [
        "AC01": "账号有误：卡号不正确。请对照银行卡逐位核对，提供本人正确的银行卡号。",
        "AC02": "付款账号有误。请财务核对付款账户。",
        "AC03": "收款账号有误：卡号不正确。请提供本人正确的银行卡号。",
        "AC04": "账户已销户，请提供本人有效的银行卡号。",
        "AC05": "付款账户已销户。请财务核对付款账户。",
        "AC06": "账户已冻结或止付，请提供本人其他有效的银行卡号。",
        "AC07": "收款账户已销户，请提供本人有效的银行卡号。",
        "AC13": "账户类型不能收款（如非个人账户）。请提供本人的个人银行卡号。",
        "AG01": "该账户不允许此类交易（如只进不出、限制收款）。请提供本人其他有效的银行卡号。",
        "AG02": "交易代码有误。请财务与银行核实。",
        "AM01": "金额为零。请财务核对金额。",
        "AM02": "金额超过允许的上限。请财务与银行核实。",
        "AM04": "付款账户余额不足。请财务补足资金后重新发放，收款人无需改正。",
        "AM05": "重复付款，银行未予处理。请财务核实是否已经发放。",
        "AM09": "金额有误。请财务核对金额。",
        "BE01": "户名与卡号不符：收款人姓名与银行登记的户名不一致。请核实本人姓名及本人名下的银行卡号。",
        "BE04": "收款人地址缺失或有误。请核实收款人信息。",
        "BE05": "收款人身份无法识别。请核实收款人信息。",
        "BE06": "收款人未知。请核实收款人姓名及卡号。",
        "CNOR": "收款银行无法处理。请提供本人其他银行的有效卡号。",
        "DNOR": "付款银行无法处理。请财务与银行核实。",
        "DUPL": "重复付款，银行未予处理。请财务核实是否已经发放。",
        "FF01": "文件格式有误，银行未予处理。请财务与银行核实。",
        "MD07": "收款人已故。请与家属核实后按规定处理。",
        "MS02": "收款人要求退回。请与本人核实。",
        "MS03": "银行未说明原因。请核实收款人户名、卡号后重新报送。",
        "NARR": "请按银行说明核实后重新报送。",
        "RC01": "收款银行代码有误。请核实开户行。",
        "RR01": "缺少付款人账户或身份信息。请财务与银行核实。",
        "RR04": "监管原因未能处理。请财务与银行核实。",
        "TM01": "超过银行截止时间。请财务与银行核实后重新发放，收款人无需改正。",
    ]

    /// Chinese banks' failure texts (any of the words) and what they mean for the clerk.
    static let chinese: [([String], String)] = [
        (["户名不符", "户名不一致", "账户名称不符"], "收款人姓名与银行登记的户名不一致。请核实本人姓名及本人名下的银行卡号"),
        (["账号不存在", "无此账户", "账户不存在", "卡号不存在", "账号错误"], "卡号不正确。请对照银行卡逐位核对，提供本人正确的银行卡号"),
        (["已销户", "销户"], "账户已销户，请提供本人有效的银行卡号"),
        (["冻结", "止付"], "账户已冻结或止付，请提供本人其他有效的银行卡号"),
        (["只进不出", "只收不付", "不动户", "久悬", "睡眠户"], "账户状态异常（只进不出、久悬或睡眠户）。请本人到银行激活，或提供其他有效卡号"),
        (["余额不足"], "付款账户余额不足。请财务补足资金后重新发放，收款人无需改正"),
        (["挂失"], "银行卡已挂失，请提供本人补办后的有效卡号"),
        (["过期", "有效期"], "银行卡已过期，请提供本人有效的银行卡号"),
    ]
}
