#!/usr/bin/env python3
"""Build the extension's two packages from this folder, with no other build step:

    python3 extension/build.py [--out dist]

writes contextlib-news-chromium.zip (background as a service worker) and
contextlib-news-firefox.zip (background scripts and the gecko id), each with its own
manifest. The folder itself loads unpacked in Chromium as it is.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ["background.js", "settings.js", "content", "popup", "options", "icons"]


def manifest_for(browser: str) -> dict:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    background = manifest["background"]
    if browser == "chromium":
        manifest["background"] = {"service_worker": background["service_worker"], "type": background["type"]}
        manifest.pop("browser_specific_settings", None)
    else:
        manifest["background"] = {"scripts": background["scripts"], "type": background["type"]}
        # Firefox's side panel is the sidebar, with the same page.
        panel = manifest.pop("side_panel")["default_path"]
        manifest["permissions"] = [p for p in manifest["permissions"] if p != "sidePanel"]
        manifest["sidebar_action"] = {"default_panel": panel, "default_title": "contextlib-news: in this article",
                                      "default_icon": manifest["icons"], "open_at_install": False}
    return manifest


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for browser in ("chromium", "firefox"):
        target = out / f"contextlib-news-{browser}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest_for(browser), indent=2))
            for name in FILES:
                path = HERE / name
                for file in sorted([path] if path.is_file() else path.rglob("*")):
                    if file.is_file():
                        archive.write(file, file.relative_to(HERE).as_posix())
        made.append(target)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE.parent / "dist")
    for path in build(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
