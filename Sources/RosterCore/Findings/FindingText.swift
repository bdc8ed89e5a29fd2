/// Chinese wording for finding codes: a short label and what the district should do.
public enum FindingText {
    /// A short label for a code (`身份证号码校验位错误`).
    public static func label(_ code: FindingCode) -> String {
        switch code {
        case .idMissing: return "缺少身份证号码"
        case .idFormat: return "身份证号码格式错误"
        case .idChecksum: return "身份证号码校验位错误"
        case .idBirthdate: return "身份证号码出生日期不合理"
        case .idRegion: return "身份证号码地区码不存在"
        case .idPrecisionLost: return "身份证号码被存成数字、末几位已丢失"
        case .idLegacy15: return "15位旧身份证号码已转换"
        case .idGenderMismatch: return "性别与身份证号码不符"
        case .nameMissing: return "缺少姓名"
        case .honourNotRegistered: return "未在劳模名册中"
        case .honourNameMismatch: return "姓名与劳模名册不符"
        case .honourLevelMismatch: return "荣誉称号与劳模名册不符"
        case .honourRevoked: return "荣誉已撤销"
        case .honourDeceased: return "名册登记为已故"
        case .honourIneligible: return "荣誉级别不在本项目范围"
        case .honourUnrecognised: return "荣誉称号写法无法识别"
        case .honourStatusLater: return "撤销或去世晚于基准日，本期仍发放"
        case .dupInFile: return "本表内重复申报"
        case .dupInBatch: return "本区县多个文件重复申报"
        case .dupCrossDistrict: return "多个区县重复申报"
        case .dupSuspect: return "疑似重复（姓名、出生日期相同）"
        case .dupAlreadyPaid: return "本期已发放过"
        case .dupPaidAmountDiffers: return "金额与已发放金额不同"
        case .bankAccountFailed: return "该银行卡号上次发放失败"
        case .bankMissing: return "缺少银行卡号"
        case .bankAccountFormat: return "银行卡号格式错误"
        case .bankPrecisionLost: return "银行卡号被存成数字、末几位已丢失"
        case .bankLuhn: return "银行卡号校验未通过"
        case .amountMissing: return "缺少金额"
        case .amountFormat: return "金额不是数字"
        case .amountOverLimit: return "金额超过标准"
        case .amountNotAllowed: return "金额不符合标准"
        case .totalMismatch: return "合计金额与明细不符"
        case .columnMissing: return "缺少必填列"
        case .districtUnknown: return "区县不明或不在本市名单"
        case .fileEmpty: return "文件是空的（0 字节）"
        case .fileWrongKind: return "名册类型与项目不符（个人／单位）"
        case .orgUsccFormat: return "统一社会信用代码格式错误"
        case .orgUsccChecksum: return "统一社会信用代码校验位错误"
        case .orgNotNamed: return "工作室不在命名名单中"
        case .orgLeaderNotRegistered: return "工作室负责人不是在册劳模"
        case .orgAccountFormat: return "对公账号格式错误"
        case .orgBankCode: return "联行号格式错误"
        case .dupOrg: return "同一工作室（单位）重复申报"
        }
    }

    /// What to do about a code, in one sentence.
    public static func fix(_ code: FindingCode) -> String {
        switch code {
        case .idMissing, .idFormat, .idChecksum, .idBirthdate, .idRegion:
            return "请对照本人身份证逐位核对并改正身份证号码（18位，末位可为X）。"
        case .idPrecisionLost:
            return "请先把身份证号码列设置为“文本”格式，再重新录入完整号码（不要直接粘贴数字）。"
        case .idLegacy15: return "已自动转换为18位号码，请核对；如有新身份证请填写18位号码。"
        case .idGenderMismatch: return "请核对性别或身份证号码。"
        case .nameMissing: return "请填写姓名。"
        case .honourNotRegistered: return "请核对身份证号码；如确为劳模，请提供荣誉证书，经市总工会补录名册后再报。"
        case .honourNameMismatch: return "请核对姓名和身份证号码是否为同一人（含改名、错别字）。"
        case .honourLevelMismatch: return "请按劳模名册登记的荣誉称号填写，或提供证明材料。"
        case .honourRevoked, .honourDeceased, .honourIneligible:
            return "不属于本项目发放对象，请从名单中删除；如有异议请提供证明材料。"
        case .honourUnrecognised: return "请按“全国劳动模范／省部级劳动模范／市级劳动模范”填写荣誉称号。"
        case .honourStatusLater: return "本期仍可发放；请核实由本人或其合法继承人领取，下期起不再列入。"
        case .dupInFile, .dupInBatch: return "请删除重复的行，每人只报一次。"
        case .dupCrossDistrict: return "请与另一区县核实，由户籍或工作所在区县一方申报，另一方删除。"
        case .dupSuspect: return "请核对是否为同一人；如是，请删除重复的行。"
        case .dupAlreadyPaid: return "本期已发放，本次不再发放，无需改正；以后报送请不要再列入。"
        case .dupPaidAmountDiffers: return "如已发放金额有误，请另行书面说明，不要在名单中重复报送。"
        case .bankAccountFailed: return "请核实该卡号是否为本人有效的银行卡；如已销户或冻结，请换用本人其他有效卡号。"
        case .bankMissing, .bankAccountFormat, .bankLuhn:
            return "请对照银行卡逐位核对卡号（只填数字，不要空格）。"
        case .bankPrecisionLost: return "请先把银行卡号列设置为“文本”格式，再重新录入完整卡号。"
        case .amountMissing, .amountFormat: return "请用阿拉伯数字填写金额，如 2000 或 2000.00。"
        case .amountOverLimit, .amountNotAllowed: return "请按本项目的发放标准填写金额。"
        case .totalMismatch: return "请重新计算合计行，或删除合计行。"
        case .columnMissing: return "请使用统一模板，补齐缺少的列后整表重新报送。"
        case .districtUnknown: return "请按本市区县名单填写区县全称，或在文件名、标题中写明区县。"
        case .fileEmpty: return "请重新报送完整的花名册文件（文件传输或下载时中断了）。"
        case .fileWrongKind: return "请按本项目的发放对象使用对应的名册模板（个人花名册或单位名册）后重新报送。"
        case .orgUsccFormat, .orgUsccChecksum: return "请对照营业执照或登记证书逐位核对统一社会信用代码（18位，字母大写）。"
        case .orgNotNamed: return "只有已命名的劳模创新工作室可以申报；如已命名，请按命名文件核对工作室名称和依托单位。"
        case .orgLeaderNotRegistered: return "请核对工作室负责人的身份证号码；负责人须为在册且保持荣誉的劳模。"
        case .orgAccountFormat: return "请对照开户许可证或银行回单核对对公账号（只填数字）。"
        case .orgBankCode: return "联行号为12位数字，可向开户行查询；不清楚可不填。"
        case .dupOrg: return "每个工作室（依托单位）每个项目只申报一次，请删除重复的行。"
        }
    }
}
