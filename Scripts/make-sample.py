#!/usr/bin/env python3
"""Writes the bundled demo samples (synthetic people, no real data):

  Samples/roster-sample.xlsx     a district roster as an office sends it: a merged title row,
                                 header, dates styled yyyy"年"m"月"d"日", amounts #,##0.00,
                                 identity and card numbers as text, a notes sheet and a hidden
                                 lookup sheet; written with XlsxWriter, then re-saved by
                                 LibreOffice (shared strings, as an office suite stores them)
  Samples/roster-sample-gbk.csv  the same rows as Excel in China saves "CSV": GB18030, CRLF

Deterministic: the same script writes the same rows. Usage: Scripts/make-sample.py
"""
import csv, datetime, os, random, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "Samples")

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"

HEADER = ["序号", "姓名", "性别", "身份证号码", "工作单位", "荣誉称号", "获得荣誉年份", "困难类型",
          "补助金额(元)", "开户行", "银行卡号", "联系电话", "申报日期", "备注"]
NAMES = ["王芳", "李建国", "张秀英", "刘强", "陈丽华", "杨志强", "赵春梅", "黄德福", "周海燕",
         "吴文斌", "徐金凤", "孙晓东", "马永红", "朱玉萍", "胡建华", "郭桂英", "何明", "罗云",
         "阿依古丽·买买提", "段晓梅"]
UNITS = ["昆明钢铁集团有限责任公司", "五华区环卫站", "云南白药集团股份有限公司", "昆明市第一人民医院",
         "五华区红云街道办事处", "昆明公交集团, 第三分公司", "云南铜业股份有限公司", "五华区教育体育局"]
LEVELS = ["全国劳动模范", "省部级劳动模范", "市级劳动模范"]
HARDSHIP = ["因病致困", "因灾致困", "低保", "其他"]
BANKS = ["中国工商银行昆明分行", "中国建设银行昆明分行", "中国农业银行昆明分行", "富滇银行", "云南省农村信用社"]
AMOUNTS = {"全国劳动模范": 3000, "省部级劳动模范": 2000, "市级劳动模范": 1912.57}


def id18(birth, seq, male):
    body = f"530102{birth:%Y%m%d}{(seq * 2 + (1 if male else 0)) % 1000:03d}"
    return body + CHK[sum(int(c) * w for c, w in zip(body, W)) % 11]


def card(rng):
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(16))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def rows():
    rng = random.Random(20170930)
    out = []
    for i, name in enumerate(NAMES, start=1):
        male = name not in ("王芳", "张秀英", "陈丽华", "赵春梅", "周海燕", "徐金凤", "朱玉萍", "郭桂英",
                            "阿依古丽·买买提", "段晓梅")
        birth = datetime.date(1942, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 40))
        level = rng.choice(LEVELS)
        note = ""
        if i == 7:
            note = "家属代领，\n委托书已附"
        elif i == 12:
            note = "开户行变更为\"富滇银行\""
        out.append([i, name, "男" if male else "女", id18(birth, rng.randrange(500), male),
                    rng.choice(UNITS), level, rng.randrange(1979, 2017), rng.choice(HARDSHIP),
                    AMOUNTS[level], rng.choice(BANKS), card(rng),
                    "1" + str(rng.choice((3, 5, 8, 9))) + "".join(str(rng.randrange(10)) for _ in range(9)),
                    datetime.date(2017, 9, rng.randrange(1, 29)), note])
    return out


def write_xlsx(path, data):
    import xlsxwriter
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("申报表")
    title = wb.add_format({"bold": True, "font_size": 14, "align": "center"})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    date_fmt = wb.add_format({"num_format": 'yyyy"年"m"月"d"日"', "border": 1})
    money = wb.add_format({"num_format": "#,##0.00", "border": 1})
    cell = wb.add_format({"border": 1, "text_wrap": True})
    ws.merge_range(0, 0, 0, len(HEADER) - 1, "昆明市五华区2017年困难劳模帮扶补助申报表", title)
    ws.write_row(1, 0, HEADER, head)
    for r, row in enumerate(data, start=2):
        for c, v in enumerate(row):
            if c == 12:
                ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date_fmt)
            elif c == 8:
                ws.write_number(r, c, v, money)
            elif c in (3, 10, 11):
                ws.write_string(r, c, v, cell)
            elif c == 13 and not v:
                continue
            else:
                ws.write(r, c, v, cell)
    total = len(data) + 2
    ws.write(total, 7, "合计", head)
    ws.write_formula(total, 8, f"=SUM(I3:I{total})", money, sum(r[8] for r in data))
    ws.set_column(3, 3, 20)
    ws.set_column(10, 10, 22)
    notes = wb.add_worksheet("填表说明")
    for i, line in enumerate(["1. 身份证号码、银行卡号请设置为文本格式。", "2. 补助金额单位为元，保留两位小数。",
                              "3. 申报日期为区县总工会受理日期。"]):
        notes.write(i, 0, line)
    lookup = wb.add_worksheet("字典")
    for i, v in enumerate(LEVELS):
        lookup.write(i, 0, v)
    lookup.hide()
    wb.close()


def resave_with_libreoffice(src, dest):
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("make-sample: LibreOffice (soffice) is needed to re-save the workbook")
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        outdir = os.path.join(tmp, "out")
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "xlsx", "--outdir", outdir, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        shutil.move(os.path.join(outdir, os.path.basename(src)), dest)


def write_csv(path, data):
    with open(path, "w", newline="", encoding="gb18030") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for row in data:
            row = list(row)
            row[12] = row[12].isoformat()
            w.writerow(row)


def main():
    os.makedirs(SAMPLES, exist_ok=True)
    data = rows()
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "roster-sample.xlsx")
        write_xlsx(raw, data)
        resave_with_libreoffice(raw, os.path.join(SAMPLES, "roster-sample.xlsx"))
    write_csv(os.path.join(SAMPLES, "roster-sample-gbk.csv"), data)
    print("wrote Samples/roster-sample.xlsx and Samples/roster-sample-gbk.csv")


if __name__ == "__main__":
    main()
