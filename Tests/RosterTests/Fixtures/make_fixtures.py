#!/usr/bin/env python3
"""Generates the multi-district roster fixtures for the validator's end-to-end tests.

Writes, next to this script, in `e2e/`:
  register.xlsx                      the honour register (openpyxl)
  program.json                       the programme (municipal, max 3000.00, date 2017-09-20)
  五华区2017中秋帮扶.xlsx            openpyxl: instructions sheet first, title rows, a two-row
                                     header (银行信息 merged over 开户行/银行卡号), totals, signatures
  盘龙区.xlsx                        XlsxWriter: single header with units, some IDs typed as numbers
  guandu.csv                         GBK CSV, district in a 区县 column, full-width and ¥ amounts
  西山区.csv                         UTF-8 CSV with BOM, title line, many defects
  chenggong.xlsx                     written by openpyxl, re-saved by LibreOffice; title names 呈贡区;
                                     a wrong totals row
  东川区.csv                         no 银行卡号 column (one file-level finding)
  truth.json                         every expected finding as (file, row, code)
Deterministic: the same script gives the same content (LibreOffice's re-save is the one step not
byte-stable, so the committed copy is what tests use). All people are synthetic.
"""
import csv, datetime, json, os, random, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "e2e")
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"
rng = random.Random(20170920)

def check(body17):
    return CHK[sum(int(c) * w for c, w in zip(body17, W)) % 11]

def make_id(region, birth, seq, male):
    s = seq * 2 + (1 if male else 0)
    body = f"{region}{birth}{s % 1000:03d}"
    return body + check(body)

def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return str((10 - total % 10) % 10)

def card():
    body = "6222" + "".join(str(rng.randrange(10)) for _ in range(14))
    return body + luhn_digit(body)

SUR = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIV = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉志春梅德福"
used_ids = set()
used_names = set()

def person(region="530102", level="市级劳动模范", status="保持荣誉", x_check=False):
    while True:
        male = rng.random() < 0.6
        birth = datetime.date(1945, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 38))
        pid = make_id(region, birth.strftime("%Y%m%d"), rng.randrange(400), male)
        name = rng.choice(SUR) + "".join(rng.choice(GIV) for _ in range(rng.choice((1, 2))))
        if pid in used_ids or name in used_names: continue
        if x_check != (pid[-1] == "X"): continue
        used_ids.add(pid); used_names.add(name)
        return {"name": name, "gender": "男" if male else "女", "id": pid, "level": level, "status": status,
                "year": str(rng.randrange(1985, 2016)), "employer": f"昆明市某某单位{rng.randrange(1, 99)}",
                "card": card(), "amount": rng.choice(["2000", "3000", "1500", "2500"])}

register = []
def reg(p):
    register.append(p); return p

truth = []
def expect(file, row, *codes):
    for c in codes: truth.append({"file": file, "row": row, "code": c})

def fix_checksum(i17):
    return i17 + check(i17)

# ---------------------------------------------------------------- 五华区 (openpyxl, two-row header)
def wuhua():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    fname = "五华区2017中秋帮扶.xlsx"
    wb = Workbook()
    ins = wb.active; ins.title = "填表说明"
    ins["A1"] = "填表说明"; ins["A2"] = "1. 身份证号码请设为文本格式"; ins["A3"] = "2. 金额单位为元"
    ws = wb.create_sheet("花名册")
    ws["A1"] = "2017年中秋国庆困难市级劳模帮扶花名册"; ws.merge_cells("A1:I1")
    ws["A2"] = "填报单位：（盖章）                 填报日期：2017年9月10日"
    heads = ["序号", "姓名", "性别", "身份证号码", "工作单位", "荣誉称号", "补助金额（元）"]
    for c, h in enumerate(heads, 1):
        ws.cell(3, c, h); ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.cell(3, 8, "银行信息"); ws.merge_cells(start_row=3, start_column=8, end_row=3, end_column=9)
    ws.cell(4, 8, "开户行"); ws.cell(4, 9, "银行卡号")
    ws.cell(3, 10, "备注"); ws.merge_cells(start_row=3, start_column=10, end_row=4, end_column=10)
    people = []
    clean = [reg(person()) for _ in range(4)]
    p_chk = reg(person()); p_mis = reg(person()); p_over = reg(person()); p_luhn = reg(person())
    p_dup = reg(person()); p_cross = reg(person())
    rows = []
    for p in clean: rows.append((p, {}, []))
    bad = p_chk["id"][:17] + ("0" if p_chk["id"][17] != "0" else "1")
    rows.append((p_chk, {"id": bad}, ["id.checksum"]))
    rows.append((p_mis, {"name": p_mis["name"][0] + "晓明"}, ["honour.name-mismatch"]))
    rows.append((p_over, {"amount": "3500"}, ["amount.over-limit"]))
    body = p_luhn["card"][:-1]; wrong = str((int(p_luhn["card"][-1]) + 1) % 10)
    rows.append((p_luhn, {"card": body + wrong}, ["bank.luhn"]))
    rows.append((p_dup, {}, []))
    rows.append((p_cross, {}, ["dup.cross-district"]))
    rows.append((p_dup, {}, ["dup.in-file"]))
    r = 5
    total = 0
    for i, (p, over, codes) in enumerate(rows, 1):
        v = dict(p); v.update(over)
        vals = [i, v["name"], v["gender"], v["id"], v["employer"], "市级劳动模范", float(v["amount"]) if i % 2 else int(v["amount"]),
                "中国工商银行昆明分行", v["card"], ""]
        for c, val in enumerate(vals, 1):
            cell = ws.cell(r, c, val)
            if c in (4, 9): cell.number_format = "@"
        total += float(v["amount"])
        expect(fname, r, *codes)
        r += 1
    ws.cell(r, 1, "合计"); ws.cell(r, 7, total); r += 1
    ws.cell(r + 1, 1, "制表人：张三"); ws.cell(r + 1, 5, "审核人：李四"); ws.cell(r + 2, 1, "说明：以上人员均经社区核实")
    wb.save(os.path.join(OUT, fname))
    return p_cross

# ---------------------------------------------------------------- 盘龙区 (XlsxWriter, numbers)
def panlong():
    import xlsxwriter
    fname = "盘龙区.xlsx"
    wb = xlsxwriter.Workbook(os.path.join(OUT, fname))
    ws = wb.add_worksheet("Sheet1")
    head = ["序号", "劳模姓名", "性别", "身份证号", "所在单位", "劳模类别", "发放金额(元)", "开户银行", "银行账号", "联系电话"]
    ws.write_row(0, 0, head)
    clean = [reg(person("530103")) for _ in range(3)]
    p_num = reg(person("530103")); p_num2 = reg(person("530103"))
    p_leg = reg(person("530103")); p_gen = reg(person("530103"))
    p_rev = reg(person("530103", status="撤销荣誉")); p_dec = reg(person("530103", status="已故"))
    legacy = p_leg["id"][:6] + p_leg["id"][8:17]
    rows = [(p, {}, []) for p in clean]
    rows += [(p_num, {"num": "float"}, ["id.precision-lost"]), (p_num2, {"num": "text-e"}, ["id.precision-lost"]),
             (p_leg, {"id": legacy}, ["id.legacy15"]),
             (p_gen, {"gender": "女" if p_gen["gender"] == "男" else "男"}, ["id.gender-mismatch"]),
             (p_rev, {}, ["honour.revoked"]), (p_dec, {}, ["honour.deceased"])]
    for i, (p, over, codes) in enumerate(rows, 1):
        v = dict(p); v.update(over)
        r = i
        ws.write_number(r, 0, i); ws.write_string(r, 1, v["name"]); ws.write_string(r, 2, v["gender"])
        if over.get("num") == "float": ws.write_number(r, 3, float(int(v["id"])))
        elif over.get("num") == "text-e": ws.write_string(r, 3, "%.5E" % float(int(v["id"])))
        else: ws.write_string(r, 3, v["id"])
        ws.write_string(r, 4, v["employer"]); ws.write_string(r, 5, "市劳模"); ws.write_number(r, 6, int(v["amount"]))
        ws.write_string(r, 7, "富滇银行"); ws.write_string(r, 8, v["card"]); ws.write_string(r, 9, "13888888888")
        expect(fname, r + 1, *codes)
    wb.close()

# ---------------------------------------------------------------- 官渡区 (GBK CSV, district column)
def guandu(p_cross):
    fname = "guandu.csv"
    head = ["序号", "区县", "姓 名", "性别", "身份证号码", "工作单位", "荣誉称号", "补助标准（元）", "开户行", "银行卡号", "困难类型"]
    clean = [reg(person("530111")) for _ in range(3)]
    p_yen = reg(person("530111")); p_yuan = reg(person("530111")); p_cn = reg(person("530111"))
    p_o = reg(person("530111")); p_noacct = reg(person("530111")); p_acct = reg(person("530111"))
    p_x = reg(person("530111", x_check=True)); p_sp = reg(person("530111")); p_fw = reg(person("530111"))
    fw = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    rows = [(p, {}, []) for p in clean]
    rows += [(p_yen, {"amount": "￥2,000.00"}, []), (p_yuan, {"amount": "2000元"}, []),
             (p_cn, {"amount": "一千元"}, ["amount.format"]), (p_o, {"amount": "1,5OO"}, ["amount.format"]),
             (p_noacct, {"card": ""}, ["bank.missing"]), (p_acct, {"card": "6222-0212-3456"}, ["bank.account-format"]),
             (p_x, {"id": p_x["id"].lower()}, []), (p_sp, {"name": " " + p_sp["name"][0] + " " + p_sp["name"][1:] + "\u3000"}, []),
             (p_fw, {"id": p_fw["id"].translate(fw)}, []),
             (p_cross, {}, ["dup.cross-district"])]
    with open(os.path.join(OUT, fname), "w", newline="", encoding="gbk") as f:
        w = csv.writer(f)
        w.writerow(head)
        for i, (p, over, codes) in enumerate(rows, 1):
            v = dict(p); v.update(over)
            w.writerow([i, "官渡区", v["name"], v["gender"], v["id"], v["employer"], "市级劳模", v["amount"], "中国农业银行", v["card"], "因病致困"])
            expect(fname, i + 1, *codes)

# ---------------------------------------------------------------- 西山区 (UTF-8 CSV, title line)
def xishan():
    fname = "西山区.csv"
    clean = [reg(person("530112")) for _ in range(2)]
    unreg = person("530112")  # not in the register
    p_prov = reg(person("530112", level="省部级劳动模范"))
    p_lvl = reg(person("530112"))
    p_noamt = reg(person("530112")); p_noid = reg(person("530112")); p_noname = reg(person("530112"))
    p_bd = person("530112"); p_rg = person("530112"); p_fmt = person("530112")
    p_sus = reg(person("530112"))
    bd = fix_checksum(p_bd["id"][:6] + "19800230" + p_bd["id"][14:17])
    rg = fix_checksum("99" + p_rg["id"][2:17])
    seq = p_sus["id"][14:17]
    seq2 = seq[:2] + str((int(seq[2]) + 2) % 10)
    sus = fix_checksum(p_sus["id"][:14] + seq2)
    young = fix_checksum(p_bd["id"][:6] + "20050101" + "123")
    rows = [(p, {}, []) for p in clean]
    rows += [(unreg, {}, ["honour.not-registered"]), (p_prov, {"level": "省部级劳动模范"}, ["honour.ineligible"]),
             (p_lvl, {"level": "省劳模"}, ["honour.level-mismatch"]), (p_noamt, {"amount": ""}, ["amount.missing"]),
             (p_noid, {"id": ""}, ["id.missing"]), (p_noname, {"name": ""}, ["name.missing"]),
             (p_bd, {"id": bd}, ["id.birthdate"]), (p_rg, {"id": rg}, ["id.region"]),
             (p_fmt, {"id": p_fmt["id"][:17]}, ["id.format"]),
             (p_bd, {"id": young, "name": p_bd["name"] + "子", "gender": "男"}, ["id.birthdate"]),
             (p_sus, {}, []), (p_sus, {"id": sus}, ["honour.not-registered", "dup.suspect"])]
    with open(os.path.join(OUT, fname), "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["西山区2017年中秋国庆困难劳模帮扶申报表", "", "", "", "", "", "", ""])
        w.writerow(["姓名", "性别", "公民身份号码", "单位", "荣誉级别", "金额", "开户行", "卡号"])
        for i, (p, over, codes) in enumerate(rows, 1):
            v = dict(p); v["level"] = "市级劳动模范"; v.update(over)
            w.writerow([v["name"], v["gender"], v["id"], v["employer"], v["level"], v["amount"], "中国银行", v["card"]])
            expect(fname, i + 2, *codes)

# ---------------------------------------------------------------- 呈贡区 (LibreOffice re-save, wrong total)
def chenggong(tmp):
    from openpyxl import Workbook
    fname = "chenggong.xlsx"
    wb = Workbook(); ws = wb.active; ws.title = "申报表"
    ws["A1"] = "呈贡区困难劳模帮扶名单"
    ws.append(["序号", "姓名", "性别", "身份证", "荣誉类别", "补助金额", "开户行", "银行卡账号", "备注", "家庭住址"])
    total = 0
    for i in range(1, 5):
        p = reg(person("530114"))
        ws.append([i, p["name"], p["gender"], p["id"], "市级劳动模范", int(p["amount"]), "建设银行", p["card"], "", "呈贡区某路1号"])
        expect(fname, i + 2)
        total += int(p["amount"])
    ws.append(["合计", "", "", "", "", total + 500])
    expect(fname, 7, "total.mismatch")
    ws.append(["制表：王五"])
    src = os.path.join(tmp, "chenggong.xlsx")
    wb.save(src)
    outdir = os.path.join(tmp, "out")
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", outdir, src], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.copy(os.path.join(outdir, "chenggong.xlsx"), os.path.join(OUT, fname))

# ---------------------------------------------------------------- 东川区 (no account column)
def dongchuan():
    fname = "东川区.csv"
    with open(os.path.join(OUT, fname), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "性别", "身份证号码", "补助金额"])
        for i in range(2):
            p = reg(person("530113"))
            w.writerow([p["name"], p["gender"], p["id"], p["amount"]])
    expect(fname, None, "column.missing")

def registry():
    from openpyxl import Workbook
    wb = Workbook(); ws = wb.active; ws.title = "劳模名册"
    ws.append(["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "工作单位"])
    for p in register:
        ws.append([p["name"], p["gender"], p["id"], p["level"], p["year"], p["status"], p["employer"]])
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for c in row: c.number_format = "@"
    wb.save(os.path.join(OUT, "register.xlsx"))

def main():
    os.makedirs(OUT, exist_ok=True)
    p_cross = wuhua()
    panlong()
    guandu(p_cross)
    xishan()
    with tempfile.TemporaryDirectory() as tmp:
        chenggong(tmp)
    dongchuan()
    registry()
    shutil.copy(os.path.join(HERE, "..", "..", "..", "Schemas", "examples", "program-2017-midautumn.json"),
                os.path.join(OUT, "program.json"))
    truth.sort(key=lambda t: (t["file"], t["row"] or 0, t["code"]))
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as f:
        json.dump({"findings": truth}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(os.listdir(OUT))} files, {len(truth)} expected findings, {len(register)} register entries")

main()
