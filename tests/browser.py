"""Headless Chromium for the page tests: open a local page with networking disabled, wait for
the network (or the report) to be drawn, collect JavaScript errors and requests, save a PNG."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def available() -> bool:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists() and Path(DRIVER).exists()


@dataclass
class Rendered:
    drawn: bool
    errors: list[str]
    requests: list[str]
    ink: float  # share of canvas pixels that are not background
    png: Path
    console: list[str] = field(default_factory=list)


def render(page: Path, png: Path, *, canvas: bool = True, timeout: float = 30) -> Rendered:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        "--proxy-server=http://127.0.0.1:9",  # any network request fails
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    try:
        driver.get(page.resolve().as_uri())
        deadline = time.monotonic() + timeout
        drawn = False
        while time.monotonic() < deadline:
            drawn = bool(driver.execute_script("return document.body && document.body.dataset.drawn === '1'"))
            if drawn:
                break
            time.sleep(0.2)
        time.sleep(0.8)  # let the first frames settle before the screenshot
        errors = list(driver.execute_script("return window.kgErrors || []"))
        ink = 1.0
        if canvas:
            ink = float(
                driver.execute_script(
                    """const c = document.querySelector('canvas'); if (!c) return 0;
                       const ctx = c.getContext('2d'); const d = ctx.getImageData(0, 0, c.width, c.height).data;
                       let ink = 0; for (let i = 0; i < d.length; i += 16) { if (d[i+3] > 0 && (d[i] < 235 || d[i+1] < 235 || d[i+2] < 235)) ink++; }
                       return ink / (d.length / 16);"""
                )
            )
        driver.save_screenshot(str(png))
        requests: list[str] = []
        for entry in driver.get_log("performance"):
            message: dict[str, Any] = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        console = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        return Rendered(drawn, errors + console, requests, ink, png, console)
    finally:
        driver.quit()
