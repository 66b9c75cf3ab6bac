"""Real-browser journeys through Lantern: headless Chromium driven by Selenium, every page
checked with axe-core.

The server is started by run.sh (demo data on a free loopback port); this file only needs
LANTERN_URL. Tests get an ``app`` fixture (a :class:`Lantern`) whose navigation helpers
(``visit``, ``submit``, ``follow``) axe-check every page they land on, so a journey cannot
skip the accessibility check by accident.
"""

import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
BASE_URL = os.environ.get("LANTERN_URL", "http://127.0.0.1:8080").rstrip("/")
PASSWORD = os.environ.get("LANTERN_DEMO_PASSWORD", "glow-worm-harbour-7")
WAIT_SECONDS = float(os.environ.get("LANTERN_BROWSER_WAIT", "15"))

# The demo accounts (Sources/LanternDemo/DemoData.swift), by the name tests use for them.
ACCOUNTS = {
    "officer": {"username": "officer", "name": "PC Sam Okafor", "role": "Response officer"},
    "coordinator": {"username": "coordinator", "name": "Jo Whitfield", "role": "Missing-persons coordinator"},
    "investigator": {"username": "investigator", "name": "DC Priya Raman", "role": "Investigator"},
    "supervisor": {"username": "supervisor", "name": "Insp. Alan Marsh", "role": "Supervisor"},
    "mash": {"username": "mash", "name": "Grace Adeyemi", "role": "Partnership / MASH"},
    "analyst": {"username": "analyst", "name": "Tom Becker", "role": "Analyst"},
    "auditor": {"username": "auditor", "name": "Helen Cho", "role": "Auditor"},
    "admin": {"username": "admin", "name": "Service administrator", "role": "Administrator"},
}

# axe impacts that fail a test; the others are listed at the end of the run.
BLOCKING_IMPACTS = {"serious", "critical"}
_advisories = {}  # (rule id, path) -> violation, for the end-of-run summary
_checked = {}  # route -> pages checked, for the end-of-run summary


# ---------------------------------------------------------------- axe-core

def _axe_version(path):
    head = Path(path).read_text(encoding="utf-8", errors="replace")[:400]
    match = re.search(r"axe v(\d+)\.(\d+)\.(\d+)", head) or re.search(r'version:"(\d+)\.(\d+)\.(\d+)"', head)
    return tuple(int(n) for n in match.groups()) if match else (0, 0, 0)


def _find_axe_script():
    """axe.min.js: $AXE_JS if set, else the newest one bundled by an installed axe package.

    axe-selenium-python bundles axe-core 3.1 (2018); selenium-axe-python bundles 4.x, which
    knows today's WCAG 2.2 rules, so it wins when both are installed.
    """
    if os.environ.get("AXE_JS"):
        return os.environ["AXE_JS"]
    import importlib.util
    candidates = []
    for package, relative in [("selenium_axe_python", "axe-core/axe.min.js"),
                              ("axe_selenium_python", "node_modules/axe-core/axe.min.js")]:
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            path = Path(list(spec.submodule_search_locations)[0]) / relative
            if path.is_file():
                candidates.append(path)
    if not candidates:
        raise RuntimeError("axe-core not found: pip install axe-selenium-python selenium-axe-python, or set AXE_JS")
    return str(max(candidates, key=_axe_version))


AXE_SCRIPT = _find_axe_script()
AXE_SOURCE = Path(AXE_SCRIPT).read_text(encoding="utf-8")
AXE_VERSION = ".".join(map(str, _axe_version(AXE_SCRIPT)))


def _describe(violation):
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}", f"  {violation['helpUrl']}"]
    for node in violation["nodes"][:10]:
        lines.append(f"  at {' '.join(map(str, node['target']))}")
        lines.append(f"     {node['html'][:200]}")
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        if summary:
            lines.append(f"     {summary[:300]}")
    if len(violation["nodes"]) > 10:
        lines.append(f"  ... and {len(violation['nodes']) - 10} more nodes")
    return "\n".join(lines)


def axe_check(driver):
    """Runs axe-core on the current page; fails on any serious or critical violation."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_SOURCE)
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        "  .then(function (r) { done({violations: r.violations}); })"
        "  .catch(function (e) { done({error: String(e)}); });")
    if results.get("error"):
        raise AssertionError(f"axe-core failed on {driver.current_url}: {results['error']}")
    path = _path(driver.current_url)
    blocking = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING_IMPACTS:
            blocking.append(violation)
        else:
            _advisories.setdefault((violation["id"], path), violation)
    if blocking:
        report = "\n".join(_describe(v) for v in blocking)
        print(f"\naxe-core {AXE_VERSION} on {driver.current_url}:\n{report}")
        raise AssertionError(f"{len(blocking)} serious/critical accessibility violation(s) on {path}:\n{report}")
    return results["violations"]


def _route(path):
    """A path with ids replaced, so /people/<uuid>?purpose=x and /people/<other> are one route."""
    return re.sub(r"/[0-9a-fA-F-]{16,}|/\d+(?=/|$)", "/{id}", path.split("?", 1)[0])


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url) or "/"


# ---------------------------------------------------------------- the browser

def _find_binary(env, names):
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"none of {names} is on PATH (set {env})")


@pytest.fixture
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = _find_binary("CHROMIUM_BIN", ["chromium", "chromium-browser", "google-chrome"])
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-GB"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_find_binary("CHROMEDRIVER_BIN", ["chromedriver"]))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(30)
    yield browser
    browser.quit()


class Lantern:
    """One user's browser on Lantern. Every navigation helper axe-checks the page it lands on."""

    def __init__(self, driver, base_url=BASE_URL):
        self.driver = driver
        self.base_url = base_url
        self.role = None
        self.visited = []

    # -- navigation (each one axe-checks the page it lands on)

    def visit(self, path):
        """Opens `path` (e.g. "/people?q=Hart") and checks the page."""
        self.driver.get(self.base_url + path)
        return self.check()

    def submit(self, button_text=None, form=None):
        """Submits a form by clicking its submit button (the one with `button_text`, or the
        main content's first form's), waits for the next page, and checks it."""
        scope = form or self.driver.find_element(By.ID, "main-content")
        if button_text:
            button = scope.find_element(By.XPATH, f".//button[normalize-space()={_xpath_literal(button_text)}]")
        else:
            button = scope.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
        return self._leave_page(button.click)

    def follow(self, link_text):
        """Clicks the link with exactly this text inside the main content, and checks the next page."""
        link = self.wait.until(EC.element_to_be_clickable(
            (By.XPATH, f"//main//a[normalize-space()={_xpath_literal(link_text)}]")))
        return self._leave_page(link.click)

    def follow_nav(self, label):
        """Clicks the link with this label in the navigation across the top of the page."""
        link = self.driver.find_element(By.XPATH, f"//nav//a[normalize-space()={_xpath_literal(label)}]")
        return self._leave_page(link.click)

    def _leave_page(self, action):
        # A mark on the old page's window: gone once the browser has loaded the next page. (Waiting
        # for the old <html> element to go stale is racy in Chromium while a navigation commits.)
        mark = uuid.uuid4().hex
        self.driver.execute_script("window.__lanternPage = arguments[0]", mark)
        action()
        WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script(
                "return window.__lanternPage !== arguments[0] && document.readyState === 'complete'", mark),
            f"the page did not change after the click (still {self.driver.current_url})")
        return self.check()

    def check(self):
        """Waits for the page to finish loading, then checks it: a Lantern page, no browser
        console errors, and no serious or critical axe-core violations."""
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        path = _path(self.driver.current_url)
        self.visited.append(path)
        _checked[_route(path)] = _checked.get(_route(path), 0) + 1
        title = self.driver.title
        assert title.endswith("Lantern"), f"{path} is not a Lantern page (title {title!r})"
        self.assert_no_console_errors()
        axe_check(self.driver)
        return self

    def assert_no_console_errors(self):
        try:
            entries = self.driver.get_log("browser")
        except WebDriverException:
            return
        page = self.driver.current_url.split("#", 1)[0]
        errors = [e["message"] for e in entries if e.get("level") == "SEVERE"
                  and "favicon.ico" not in e["message"]
                  # The page itself answering 401/403/404/409/422 by design (sign-in refused, no
                  # access, form errors) is logged by Chromium as a failed load; its assets are not excused.
                  and not (e["message"].startswith(page + " ") and re.search(r"status of (401|403|404|409|422) ", e["message"]))]
        assert not errors, f"browser console errors on {_path(self.driver.current_url)}:\n" + "\n".join(errors)

    # -- signing in and out

    def login(self, role, password=None):
        """Signs in as a demo account through the real sign-in page and lands on the home page."""
        account = ACCOUNTS[role]
        self.visit("/login")
        self.sign_in_form(account["username"], password or PASSWORD)
        self.role = role
        assert self.path() == "/", f"expected the home page after signing in, got {self.path()}"
        assert account["name"] in self.text(By.CLASS_NAME, "header__user")
        return self

    def sign_in_form(self, username, password):
        self.fill("username", username)
        self.fill("password", password)
        return self.submit("Sign in")

    def logout(self):
        """Signs out with the header's Sign out button (from the home page if this page has none)."""
        if not self.has(By.CSS_SELECTOR, "form[action='/logout']"):
            self.visit("/")
        self.submit("Sign out", form=self.driver.find_element(By.CSS_SELECTOR, "form[action='/logout']"))
        assert self.path() == "/login", self.path()
        assert "You have signed out." in self.text(By.CSS_SELECTOR, ".notification")
        self.role = None
        return self

    # -- forms

    def fill(self, field_id, value):
        field = self.wait.until(EC.visibility_of_element_located((By.ID, field_id)))
        field.clear()
        if value:
            field.send_keys(value)
        return field

    def choose(self, select_id, option_text):
        from selenium.webdriver.support.ui import Select
        Select(self.driver.find_element(By.ID, select_id)).select_by_visible_text(option_text)

    def tick(self, field_id):
        box = self.driver.find_element(By.ID, field_id)
        if not box.is_selected():
            self.driver.find_element(By.CSS_SELECTOR, f"label[for='{field_id}']").click()
        assert box.is_selected()

    def error_summary(self):
        """The messages in the error summary, which must link to fields on the page."""
        summary = self.driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
        links = summary.find_elements(By.CSS_SELECTOR, "a")
        for link in links:
            target = link.get_attribute("href").split("#", 1)[1]
            assert self.driver.find_elements(By.ID, target), f"error summary links to #{target}, which is not on the page"
        return [link.text for link in links]

    def field_error(self, field_id):
        return self.text(By.ID, f"{field_id}-error").removeprefix("Error:").strip()

    # -- reading the page

    @property
    def wait(self):
        return WebDriverWait(self.driver, WAIT_SECONDS)

    def path(self):
        return _path(self.driver.current_url).split("?", 1)[0]

    def heading(self):
        return self.text(By.TAG_NAME, "h1")

    def text(self, by, value):
        return self.driver.find_element(by, value).text

    def has(self, by, value):
        return bool(self.driver.find_elements(by, value))

    def summary_list(self):
        """The record's summary list as {key: value}."""
        rows = self.driver.find_elements(By.CSS_SELECTOR, ".summary-list__row")
        return {row.find_element(By.TAG_NAME, "dt").text: row.find_element(By.TAG_NAME, "dd").text for row in rows}

    def nav_labels(self):
        return [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "nav.service-nav a")]

    def crawl(self, start="/", limit=25):
        """Visits (and so axe-checks) every page reachable by links from `start`, one page per
        route (ids in paths count as one route), up to `limit` routes. A link leading to an
        error page fails: a role is never shown a link it cannot use. Returns the routes."""
        routes, queue = [], [start]
        while queue and len(routes) < limit:
            path = queue.pop(0)
            route = _route(path)
            if route in routes:
                continue
            routes.append(route)
            self.visit(path)
            hint = " ".join(e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "main .hint"))
            assert not re.search(r"\bError [45]\d\d\b", hint), \
                f"{path} (linked for {self.role}) shows an error page: {self.heading()!r}"
            for link in self.driver.find_elements(By.CSS_SELECTOR, "a[href]"):
                href = _path(link.get_attribute("href").split("#", 1)[0])
                if href.startswith("/") and not href.startswith("/static/") and _route(href) not in routes:
                    queue.append(href)
        return routes

    def tab_through(self, limit=60):
        """Presses Tab from the top of the page until focus leaves the page; checks each focused
        element shows a visible focus indicator; returns the focused elements' ids or texts."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        reached = []
        for _ in range(limit):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            focused = self.driver.execute_script("""
                var e = document.activeElement;
                if (!e || e === document.body) { return null; }
                var s = getComputedStyle(e), r = e.getBoundingClientRect();
                return {name: e.id || e.textContent.trim().slice(0, 40) || e.name, tag: e.tagName,
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                        shadow: s.boxShadow !== 'none', visible: r.width > 0 && r.height > 0};""")
            if focused is None or (reached and focused["name"] == reached[0]):
                break
            assert focused["visible"], f"focus went to an invisible {focused['tag']} {focused['name']!r}"
            assert focused["outline"] or focused["shadow"], \
                f"{focused['tag']} {focused['name']!r} shows no focus indicator on {self.path()}"
            reached.append(focused["name"])
        return reached

    def assert_forbidden(self, path):
        """Opens a page the signed-in role may not use: the error page, checked like any other."""
        self.visit(path)
        assert self.heading() == "You do not have access", f"{path} for {self.role}: {self.heading()!r}"
        assert "Error 403" in self.text(By.CSS_SELECTOR, "main .hint")
        return self


def _xpath_literal(text):
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in text.split("'")) + ")"


@pytest.fixture
def app(driver):
    """A signed-out browser on Lantern; `app.login(role)` signs in as a demo account."""
    return Lantern(driver)


# ---------------------------------------------------------------- reporting

def pytest_report_header(config):
    return [f"lantern: {BASE_URL}", f"axe-core {AXE_VERSION}: {AXE_SCRIPT}"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # A failure in a fixture's setup or teardown (signing in, for one) is saved as well as the test's own.
    if not report.failed:
        return
    browser = item.funcargs.get("driver")
    if browser is None:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1]) + ("" if report.when == "call" else "-" + report.when)
    try:
        browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
        (ARTIFACTS / f"{name}.html").write_text(
            f"<!-- {browser.current_url} -->\n" + browser.page_source, encoding="utf-8")
        report.sections.append(("browser", f"screenshot and page source: {ARTIFACTS}/{name}.png .html "
                                            f"(at {browser.current_url})"))
    except WebDriverException as error:
        report.sections.append(("browser", f"could not save a screenshot: {error}"))


def pytest_terminal_summary(terminalreporter):
    if _checked:
        terminalreporter.section("pages checked with axe-core")
        terminalreporter.write_line(f"{sum(_checked.values())} page loads, {len(_checked)} routes, axe-core {AXE_VERSION}:")
        terminalreporter.write_line("  " + "  ".join(f"{route} ({count})" for route, count in sorted(_checked.items())))
    if not _advisories:
        return
    terminalreporter.section("axe-core: moderate and minor findings (not failing)")
    for (rule, path), violation in sorted(_advisories.items()):
        terminalreporter.write_line(f"{rule} ({violation['impact']}) on {path}: {violation['help']}")
