"""Finding the Chromium to drive, and launching it off the network except for the page's own requests.

No browser is ever downloaded: provcrawl uses an installed Chromium (Debian's ``chromium``, or
one from ``playwright install chromium``), named by ``--chromium PATH``, ``PROVCRAWL_CHROMIUM``
or found on ``PATH``. Without one a browser fetch is an error, never a silent HTTP fallback.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = ("install one (Debian/Ubuntu: `apt-get install chromium`; or `pip install playwright && "
                "playwright install chromium`) and name it with --chromium PATH or PROVCRAWL_CHROMIUM")

# Chromium's own traffic (updates, safe browsing, field trials, sync, metrics) stays off: a capture
# holds what the page asked for, and tests stay on loopback.
QUIET_FLAGS = [
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-domain-reliability", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--no-default-browser-check", "--metrics-recording-only", "--disable-client-side-phishing-detection",
    "--safebrowsing-disable-auto-update", "--disable-breakpad", "--no-pings", "--dns-prefetch-disable",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,"
    "NetworkPrediction,SafeBrowsingEnhancedProtection",
]


class ChromiumNotFound(Exception):
    """No Chromium to drive: the message says how to get one."""


def find_chromium(explicit: str | None = None) -> str:
    """The executable: ``explicit`` (--chromium), then ``PROVCRAWL_CHROMIUM``, then PATH."""
    for given, what in ((explicit, "--chromium"), (os.environ.get("PROVCRAWL_CHROMIUM"), "PROVCRAWL_CHROMIUM")):
        if given:
            path = Path(given)
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
            found = shutil.which(given)
            if found:
                return found
            raise ChromiumNotFound(f"no Chromium at {given} (from {what}); {INSTALL_HINT}")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumNotFound(f"--fetch browser needs Chromium, and none was found on PATH; {INSTALL_HINT}")


def launch_args(*, resolve_nothing: bool = False) -> list[str]:
    """Flags for Chromium: quiet, and ``--no-sandbox`` only where its sandbox cannot run (as root).

    ``resolve_nothing``: every page request is answered by provcrawl itself (the demo's loopback
    fixtures), so Chromium has no name to look up; its own look-ups would leave the machine.
    """
    args = list(QUIET_FLAGS)
    if resolve_nothing:
        args.append("--host-resolver-rules=MAP * ~NOTFOUND")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    return args
