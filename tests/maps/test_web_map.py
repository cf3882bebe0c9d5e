"""The map page in a real browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from api.main import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(meguro_router) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(router=meguro_router), host="127.0.0.1", port=port, log_level="warning"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the API server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server) -> Iterator[Page]:
    assert CHROMIUM, "chromium is not installed (make test installs Debian's chromium)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        # The machine may be offline: background tiles are blocked, everything else is ours.
        context = browser.new_context(viewport={"width": 1200, "height": 800})
        context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        pg = context.new_page()
        yield pg
        browser.close()


def test_page_credits_openstreetmap_and_draws_the_service_area(page, server):
    page.goto(server + "/")
    page.wait_for_selector("body[data-state=ready]")
    attribution = page.inner_text(".leaflet-control-attribution")
    assert "OpenStreetMap" in attribution and "ODbL" in attribution
    page.wait_for_selector("path.leaflet-interactive")


def test_route_from_the_address_bar_is_drawn_with_its_summary(page, server):
    page.goto(server + "/?from=35.6247,139.6632&to=35.6259,139.6610&profile=wheelchair")
    page.wait_for_selector("body[data-state=route]")
    distance = page.inner_text("[data-key=distance_m]")
    assert distance.replace(",", "").split()[0] == "629"
    assert page.inner_text("[data-key=steps_used]") == "0"
    assert page.locator("path.leaflet-interactive").count() >= 2  # area and route


def test_clicking_two_points_asks_for_a_route(page, server):
    page.goto(server + "/?profile=pedestrian")
    page.wait_for_selector("body[data-state=ready]")
    box = page.locator("#map").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5)
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.55)
    page.wait_for_selector("body[data-state=route]")
    assert "from=" in page.url and "to=" in page.url
    assert int(page.inner_text("[data-key=distance_m]").replace(",", "").split()[0]) > 100


def test_blocked_route_shows_the_barriers(page, server):
    page.goto(server + "/?from=35.6247,139.6632&to=35.61562,139.70916&profile=wheelchair")
    page.wait_for_selector("body[data-state=error]")
    assert "no route" in page.inner_text("#error")
    count = int(page.inner_text("#barrier-count").split(":")[1])
    assert count >= 1
    page.screenshot(path=str(_screenshot_dir() / "blocked.png"))


def _screenshot_dir():
    from routing.config import cache_dir

    path = cache_dir() / "screenshots"
    path.mkdir(exist_ok=True)
    return path


def test_zooming_in_shows_the_steps_of_the_park(page, server):
    page.goto(server + "/?from=35.6247,139.6632&to=35.6259,139.6610&profile=pedestrian")
    page.wait_for_selector("body[data-state=route]")
    # The route fits the view at a high zoom: streets and steps come from /network.
    page.wait_for_function(
        "() => document.querySelectorAll('path[stroke=\"#c00\"]').length >= 3", timeout=15000
    )
    page.screenshot(path=str(_screenshot_dir() / "park.png"))
