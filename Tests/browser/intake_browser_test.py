#!/usr/bin/env python3
"""The district intake in a real browser: headless Chromium driven by Selenium.

    python3 Tests/browser/intake_browser_test.py ROSTER PORT WORK [SCREENSHOTS]

ROSTER is the roster binary, PORT a free port on 127.0.0.1, WORK a folder for the intake (its
`intake/` is made afresh) and the server's log; SCREENSHOTS, when given, receives
intake-district.png (a submission with its highlighted rows) and intake-city.png (the city's page).

It creates an intake on the bundled samples, serves it, and then, as a clerk would:
  1. logs in as 五华区;
  2. uploads Samples/rosters/五华区.xlsx (a roster with defects) through the file input;
  3. sees the returned rows with their faulty cells highlighted and the messages;
  4. downloads the return workbook (the browser's cookies, with urllib) and reads it with openpyxl;
  5. logs out, logs in as 盘龙区, and cannot see 五华区's submission (404, no data), while its own
     page lists nothing; then uploads 盘龙区.xlsx;
  6. logs in as city and sees both districts on /city.
Exits 1 with a message on the first failed check, 2 when it cannot run (no browser, no driver);
the server is always stopped.

Uses Debian's chromium and /usr/bin/chromedriver only (never a driver manager: nothing is
downloaded), python's selenium and openpyxl.
"""
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request

PASSWORD = "browser-test-pw"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(ROOT, "Samples")
DRIVER = "/usr/bin/chromedriver"
TIMEOUT = 30


class Failed(Exception):
    """A check that did not hold."""


def check(condition, message):
    if not condition:
        raise Failed(message)


def step(text):
    print(f"browser: {text}", flush=True)


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    roster, port, work = os.path.abspath(argv[1]), int(argv[2]), os.path.abspath(argv[3])
    shots = os.path.abspath(argv[4]) if len(argv) == 5 else None
    try:
        from selenium import webdriver  # noqa: F401
        import openpyxl  # noqa: F401
    except ImportError as e:
        print(f"browser: cannot run: {e} (pip install selenium openpyxl)", file=sys.stderr)
        return 2
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser or not os.access(DRIVER, os.X_OK):
        print(f"browser: cannot run: chromium or {DRIVER} is missing (apt-get install chromium chromium-driver)", file=sys.stderr)
        return 2

    os.makedirs(work, exist_ok=True)
    if shots:
        os.makedirs(shots, exist_ok=True)
    intake = os.path.join(work, "intake")
    shutil.rmtree(intake, ignore_errors=True)
    made = subprocess.run(
        [roster, "serve", "--init", intake, "--program", os.path.join(SAMPLES, "program.json"),
         "--registry", os.path.join(SAMPLES, "register.xlsx"), "--demo-password", PASSWORD],
        capture_output=True, text=True)
    if made.returncode != 0:
        print(f"browser: FAIL: roster serve --init exited {made.returncode}:\n{made.stdout}{made.stderr}", file=sys.stderr)
        return 1

    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "wb")
    server = subprocess.Popen([roster, "serve", intake, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    driver = None
    started = time.monotonic()
    try:
        wait_for_port(port, server)
        driver = open_browser(browser)
        Session(driver, f"http://127.0.0.1:{port}", shots).run()
        print(f"browser: PASS: every check held ({time.monotonic() - started:.1f} s)")
        return 0
    except Failed as e:
        print(f"browser: FAIL: {e}", file=sys.stderr)
        dump(driver, log_path, work)
        return 1
    except Exception:  # a timeout waiting for a page, a crash of the driver…
        print("browser: FAIL: " + traceback.format_exc(), file=sys.stderr)
        dump(driver, log_path, work)
        return 1
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_for_port(port, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise Failed(f"roster serve exited with {server.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise Failed(f"roster serve did not listen on 127.0.0.1:{port} within 30 s")


def open_browser(browser):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900",
              "--lang=zh-CN", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(a)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    return driver


def dump(driver, log_path, work):
    """What helps to see why: the page the browser was on, and the server's log."""
    if driver is not None:
        try:
            print(f"browser: the browser was at {driver.current_url}", file=sys.stderr)
            text = driver.find_element("tag name", "body").text
            print("browser: its page said:\n  " + "\n  ".join(text.splitlines()[:40]), file=sys.stderr)
            driver.save_screenshot(os.path.join(work, "failure.png"))
            print(f"browser: screenshot {os.path.join(work, 'failure.png')}", file=sys.stderr)
        except Exception:
            pass
    try:
        lines = open(log_path, encoding="utf-8", errors="replace").read().splitlines()
        print("browser: the server's log (last 30 lines):\n  " + "\n  ".join(lines[-30:]), file=sys.stderr)
    except OSError:
        pass


class Session:
    def __init__(self, driver, base, shots):
        self.driver, self.base, self.shots = driver, base, shots

    # --- the steps ------------------------------------------------------------------------------

    def run(self):
        step("1. log in as 五华区")
        self.login("五华区", "/district")
        check("尚未报送" in self.text("table"), "五华区's page should list no submission before the upload")

        step("2. upload Samples/rosters/五华区.xlsx through the file input")
        wuhua = self.upload(os.path.join(SAMPLES, "rosters", "五华区.xlsx"))

        step(f"3. the submission page (/submissions/{wuhua}) shows the returned rows, highlighted")
        returned = self.check_submission_page()
        self.screenshot("intake-district.png")

        step("4. download the return workbook and read it with openpyxl")
        self.check_return_workbook(wuhua, returned)

        step("5. log out; as 盘龙区, 五华区's submission cannot be seen")
        self.logout()
        self.login("盘龙区", "/district")
        check("尚未报送" in self.text("table"), "盘龙区's page should list nothing: it has not uploaded")
        check("五华区" not in self.body(), "盘龙区's page mentions 五华区")
        for path in (f"/submissions/{wuhua}", f"/submissions/{wuhua}/return.xlsx"):
            status, body = self.fetch(path)
            check(status == 404, f"{path} as 盘龙区 answered {status}, not 404")
            check("徐维超" not in body and "五华区" not in body, f"{path} as 盘龙区 shows 五华区's data")
        self.get(f"/submissions/{wuhua}")
        page = self.body()
        check(not self.driver.find_elements("css selector", "table#returned"), "盘龙区 is shown 五华区's returned rows")
        check("徐维超" not in page and "五华区" not in page, "the page of 五华区's submission shows its data to 盘龙区")
        self.get("/district")
        panlong = self.upload(os.path.join(SAMPLES, "rosters", "盘龙区.xlsx"))
        check(panlong != wuhua, "盘龙区's upload got 五华区's submission number")
        self.get("/district")
        history = self.text("table")
        check(f"{panlong}" in history and "盘龙区.xlsx" in history, "盘龙区's page does not list its own upload")
        check("五华区.xlsx" not in history, "盘龙区's page lists 五华区's file")

        step("6. log out; as city, /city shows both districts")
        self.logout()
        self.login("city", "/city")
        self.check_city_page(wuhua, panlong)
        self.screenshot("intake-city.png")
        status, body = self.fetch(f"/submissions/{wuhua}")
        check(status == 200 and "徐维超" in body, f"the city cannot open 五华区's submission ({status})")

    # --- the checks ---------------------------------------------------------------------------

    def check_submission_page(self):
        """The returned rows: faulty cells marked, every row with its reason. Returns their row numbers."""
        d = self.driver
        check(d.find_elements("css selector", "table#returned"), "no table#returned on the submission page")
        faults = d.find_elements("css selector", "table#returned td.fault")
        check(len(faults) >= 1, "no td.fault cell in table#returned: nothing is highlighted")
        colour = faults[0].value_of_css_property("background-color")
        check(colour not in ("rgba(0, 0, 0, 0)", "transparent", "rgba(255, 255, 255, 1)"),
              f"a td.fault cell is not highlighted (background {colour})")
        headers = [th.text for th in d.find_elements("css selector", "table#returned tr:first-child th")]
        rows = d.find_elements("css selector", "table#returned tr")[1:]
        check(rows, "table#returned has no rows")
        numbers = []
        for tr in rows:
            cells = tr.find_elements("tag name", "td")
            numbers.append(int(cells[0].text))
            msg = tr.find_element("css selector", "td.msg").text.strip()
            check(msg, f"returned row {cells[0].text} has no message")
            check(tr.find_elements("css selector", "td.fault"), f"returned row {cells[0].text} has no highlighted cell")
        # 五华区.xlsx: row 40 repeats the person of row 18 (same identity number).
        check(40 in numbers, f"row 40 (a duplicate of row 18) is not returned; returned rows: {numbers}")
        row40 = rows[numbers.index(40)]
        cells = row40.find_elements("tag name", "td")
        faulty = [headers[i] for i, td in enumerate(cells) if "fault" in (td.get_attribute("class") or "").split()]
        check("身份证号码" in faulty, f"row 40's identity number is not highlighted (highlighted: {faulty})")
        check("重复申报" in row40.find_element("css selector", "td.msg").text, "row 40's message does not say 重复申报")
        check("第18行" in row40.find_element("css selector", "td.msg").text, "row 40's message does not name row 18")
        # Identity and account numbers stay masked on the page.
        check(re.search(r"\d{17}[\dX]", self.text("table#returned")) is None, "a full identity number is shown on the page")
        page = self.body()
        check("15位旧身份证号码" in page, "the warning about the 15-digit identity number (D38) is not shown")
        figures = self.text(".figures")
        check(re.search(rf"退回\s*{len(rows)}\b", figures), f"the figures do not say 退回 {len(rows)}: {figures!r}")
        link = d.find_element("css selector", "a[href$='/return.xlsx']")
        check("退回表" in link.text, "no link to the return workbook")
        return numbers

    def check_return_workbook(self, submission, returned):
        import openpyxl

        status, data, headers = self.fetch_bytes(f"/submissions/{submission}/return.xlsx")
        check(status == 200, f"the return workbook answered {status}")
        check(data[:2] == b"PK", "the return workbook is not an XLSX (zip) file")
        check("attachment" in headers.get("Content-Disposition", ""), "the return workbook is not sent as an attachment")
        wb = openpyxl.load_workbook(io.BytesIO(data))
        check(len(wb.worksheets) >= 2, f"the return workbook has {len(wb.worksheets)} sheet(s), expected a summary and the rows")
        sheet = next((ws for ws in wb.worksheets if ws.title == "五华区"), wb.worksheets[1])
        header_row, columns = None, {}
        for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
            names = [str(v).strip() if v is not None else "" for v in row]
            if "核对结果" in names and "原表行号" in names:
                header_row, columns = r, {n: i for i, n in enumerate(names) if n}
                break
        check(header_row, f"sheet {sheet.title}: no header row with 核对结果 and 原表行号")
        back, fills = [], 0
        for row in sheet.iter_rows(min_row=header_row + 1):
            result = row[columns["核对结果"]].value
            if result == "退回":
                back.append(row[columns["原表行号"]].value)
                check(row[columns["问题说明"]].value, f"returned row {row[columns['原表行号']].value} has no 问题说明")
                fills += sum(1 for c in row if c.fill is not None and c.fill.fill_type == "solid"
                             and (c.fill.fgColor.rgb or "00000000") not in ("00000000", "FFFFFFFF"))
        check(sorted(back) == sorted(returned),
              f"the workbook returns rows {sorted(back)}, the page rows {sorted(returned)}")
        check(fills >= 1, "no cell of the returned rows is filled (highlighted) in the workbook")
        step(f"   workbook: sheets {[ws.title for ws in wb.worksheets]}, returned rows {sorted(back)}, {fills} filled cell(s)")

    def check_city_page(self, wuhua, panlong):
        d = self.driver
        check(d.find_elements("css selector", "table#districts"), "no table#districts on /city")
        seen = {}
        for tr in d.find_elements("css selector", "table#districts tr")[1:]:
            cells = [td.text.strip() for td in tr.find_elements("tag name", "td")]
            if cells:
                seen[cells[0]] = cells
        check(len(seen) == 14, f"/city lists {len(seen)} districts, not 14")
        for name, number in (("五华区", wuhua), ("盘龙区", panlong)):
            check(name in seen, f"/city does not list {name}")
            check(seen[name][1] != "未报送", f"/city says {name} has not sent anything")
            check(seen[name][2] == str(number), f"/city links {name} to submission {seen[name][2]!r}, not {number}")
        check(seen["五华区"][6] == "1", f"/city shows 五华区 with {seen['五华区'][6]} returned rows, not 1")
        others = [n for n, c in seen.items() if n not in ("五华区", "盘龙区") and c[1] != "未报送"]
        check(not others, f"/city shows submissions from {others}, who sent nothing")
        check("2 个区县已报送" in self.text("table#districts"), "the city's total row does not say 2 个区县已报送")

    # --- the browser --------------------------------------------------------------------------

    def get(self, path):
        self.driver.get(self.base + path)

    def body(self):
        return self.driver.find_element("tag name", "body").text

    def text(self, css):
        return self.driver.find_element("css selector", css).text

    def wait_path(self, pattern, what):
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            WebDriverWait(self.driver, TIMEOUT).until(lambda d: re.fullmatch(pattern, d.current_url.split("?")[0][len(self.base):]))
        except Exception:
            raise Failed(f"{what}: the browser is at {self.driver.current_url}, expected {pattern}")
        return re.fullmatch(pattern, self.driver.current_url.split("?")[0][len(self.base):])

    def login(self, name, landing):
        self.get("/login")
        d = self.driver
        d.find_element("id", "name").clear()
        d.find_element("id", "name").send_keys(name)
        d.find_element("id", "password").send_keys(PASSWORD)
        d.find_element("css selector", "form[action='/login'] button[type=submit]").click()
        self.wait_path(re.escape(landing), f"logging in as {name}")
        check(name in self.text("header"), f"the header does not name {name} after logging in")

    def logout(self):
        self.driver.find_element("css selector", "form[action='/logout'] button").click()
        self.wait_path("/login", "logging out")
        status, _ = self.fetch("/district", follow=False)
        check(status in (303, 302), f"after logging out, /district answered {status}, not a redirect to /login")

    def upload(self, path):
        """Chooses `path` in the file input, submits, and returns the submission number."""
        self.driver.find_element("id", "file").send_keys(path)
        self.driver.find_element("css selector", "form#upload button[type=submit]").click()
        m = self.wait_path(r"/submissions/(\d+)", f"uploading {os.path.basename(path)}")
        return int(m.group(1))

    def screenshot(self, name):
        """The page 1200 px wide and as tall as its content (at least 900), through the DevTools protocol."""
        if not self.shots:
            return
        d = self.driver
        height = d.execute_script(
            "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        height = max(900, min(int(height), 8000))
        d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                          {"width": 1200, "height": height, "deviceScaleFactor": 1, "mobile": False})
        try:
            time.sleep(0.3)
            path = os.path.join(self.shots, name)
            check(d.save_screenshot(path), f"could not save {path}")
        finally:
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        step(f"   screenshot {path} (1200x{height})")

    # --- outside the browser, with its cookies --------------------------------------------------

    def cookie_header(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())

    def fetch_bytes(self, path, follow=True):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(self.base + path, headers={"Cookie": self.cookie_header()})
        try:
            with opener.open(request, timeout=TIMEOUT) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def fetch(self, path, follow=True):
        status, data, _ = self.fetch_bytes(path, follow)
        return status, data.decode("utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
