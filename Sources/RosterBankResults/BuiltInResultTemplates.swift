// Generated from Schemas/result-templates/*.json by copying each file verbatim; a test checks
// that these copies equal the files, byte for byte. Edit the JSON files, then copy them here.

/// The built-in result templates, embedded so that an installed binary needs no data files.
enum BuiltInResultTemplates {
    /// Each built-in template's name and its JSON text, exactly as in Schemas/result-templates/.
    static let files: [(name: String, json: String)] = [
        (
            "cn-batch-gbk-result",
            #"""
{
  "$schema": "../result-template.schema.json",
  "name": "cn-batch-gbk-result",
  "description": "批量代发结果文件 as common Chinese banks return it for a cn-batch-gbk payment file: GBK, '|'-separated, a first summary line 总笔数|成功笔数|失败笔数|总金额|成功金额|失败金额|日期, then 序号|账号|户名|金额|状态|失败原因 for every payment; 状态 is 成功 or 失败.",
  "delimiter": "|",
  "encoding": "GBK",
  "amountFormat": "yuan",
  "headerRow": false,
  "lists": "all",
  "summary": { "position": "first", "items": ["count", "successCount", "failureCount", "total", "successTotal", "failureTotal", "date"] },
  "columns": ["sequence", "account", "name", "amount", "status", "reason"],
  "success": ["成功", "交易成功", "S"],
  "failure": ["失败", "交易失败", "F"]
}

"""#
        ),
        (
            "cn-batch-gbk-failures",
            #"""
{
  "$schema": "../result-template.schema.json",
  "name": "cn-batch-gbk-failures",
  "description": "批量代发失败清单 for a cn-batch-gbk payment file: GBK, '|'-separated, a first summary line 总笔数|成功笔数|失败笔数|总金额|成功金额|失败金额|日期, then 序号|账号|户名|金额|失败原因 for each failed payment only; the payments not listed were paid.",
  "delimiter": "|",
  "encoding": "GBK",
  "amountFormat": "yuan",
  "headerRow": false,
  "lists": "failures",
  "summary": { "position": "first", "items": ["count", "successCount", "failureCount", "total", "successTotal", "failureTotal", "date"] },
  "columns": ["sequence", "account", "name", "amount", "reason"]
}

"""#
        ),
    ]
}
