// Generated from Schemas/bank-templates/*.json by copying each file verbatim; a test checks
// that these copies equal the files, byte for byte. Edit the JSON files, then copy them here.

/// The built-in bank templates, embedded so that an installed binary needs no data files.
enum BuiltInBankTemplates {
    /// Each built-in template's name and its JSON text, exactly as in Schemas/bank-templates/.
    static let files: [(name: String, json: String)] = [
        (
            "cn-batch-gbk",
            #"""
{
  "$schema": "../bank-template.schema.json",
  "name": "cn-batch-gbk",
  "description": "批量代发 text file as common Chinese banks take it: GBK, '|'-separated, CRLF, a first summary line 总笔数|总金额, then 序号|账号|户名|金额|摘要 per payment, no header row, amounts in yuan with 2 decimals.",
  "delimiter": "|",
  "quoting": "refuse",
  "encoding": "GBK",
  "byteOrderMark": false,
  "lineEnding": "CRLF",
  "amountFormat": "yuan",
  "headerRow": false,
  "summary": { "position": "first", "items": ["count", "total"] },
  "columns": [
    { "field": "sequence" },
    { "field": "account" },
    { "field": "name" },
    { "field": "amount" },
    { "field": "purpose" }
  ],
  "fileName": "{programme}_{period}_{date}_daifa.txt"
}

"""#
        ),
        (
            "cn-corporate-gbk",
            #"""
{
  "$schema": "../bank-template.schema.json",
  "name": "cn-corporate-gbk",
  "description": "对公转账 (corporate transfer) batch text file as common Chinese banks take it: GBK, '|'-separated, CRLF, a first summary line 总笔数|总金额, then 序号|收款账号|收款户名|收款行名|收款行联行号|金额|用途 per payment, no header row, amounts in yuan with 2 decimals. The receiving bank's CNAPS code routes an interbank transfer.",
  "delimiter": "|",
  "quoting": "refuse",
  "encoding": "GBK",
  "byteOrderMark": false,
  "lineEnding": "CRLF",
  "amountFormat": "yuan",
  "headerRow": false,
  "summary": { "position": "first", "items": ["count", "total"] },
  "columns": [
    { "field": "sequence" },
    { "field": "account" },
    { "field": "name" },
    { "field": "bankName" },
    { "field": "bankCode" },
    { "field": "amount" },
    { "field": "purpose" }
  ],
  "fileName": "{programme}_{period}_{date}_duigong.txt"
}

"""#
        ),
        (
            "generic-csv",
            #"""
{
  "$schema": "../bank-template.schema.json",
  "name": "generic-csv",
  "description": "Generic CSV for batch payments: UTF-8 with BOM, comma-separated (RFC 4180 quoting), CRLF, a header row, amounts in yuan with 2 decimals.",
  "delimiter": ",",
  "quoting": "rfc4180",
  "encoding": "UTF-8",
  "byteOrderMark": true,
  "lineEnding": "CRLF",
  "amountFormat": "yuan",
  "headerRow": true,
  "columns": [
    { "field": "sequence", "header": "序号" },
    { "field": "name", "header": "户名" },
    { "field": "account", "header": "账号" },
    { "field": "amount", "header": "金额" },
    { "field": "bankName", "header": "开户行" },
    { "field": "bankCode", "header": "联行号" },
    { "field": "idNumber", "header": "身份证号" },
    { "field": "district", "header": "区县" },
    { "field": "purpose", "header": "摘要" }
  ],
  "fileName": "{programme}_{period}_{date}_generic.csv"
}

"""#
        ),
    ]
}
