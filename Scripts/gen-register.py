#!/usr/bin/env python3
"""Writes an honour register matching a roster made by ../shared/bench/gen_roster.py (same seed):
every roster person is registered (status 保持荣誉), plus --extra other people, as UTF-8 CSV.
  gen-register.py --rows 100000 --seed 2017 --csv register.csv [--extra 0]
"""
import argparse, csv, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "bench"))
import gen_roster  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=100000)
ap.add_argument("--seed", type=int, default=2017)
ap.add_argument("--extra", type=int, default=0)
ap.add_argument("--csv", required=True)
a = ap.parse_args()
seen = set()
with open(a.csv, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["姓名", "性别", "身份证号码", "荣誉称号", "获得荣誉年份", "荣誉状态", "工作单位"])
    for r in gen_roster.rows(a.rows, a.seed):
        if r[3] in seen: continue
        seen.add(r[3])
        w.writerow([r[1], r[2], r[3], r[6], r[7], "保持荣誉", r[5]])
    rng = random.Random(a.seed + 1)
    for r in gen_roster.rows(a.extra, a.seed + 7):
        if r[3] in seen: continue
        seen.add(r[3])
        w.writerow([r[1], r[2], r[3], r[6], r[7], "保持荣誉", r[5]])
print(f"{len(seen)} register entries", file=sys.stderr)
