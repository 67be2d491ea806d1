"""The click entry point, as the design card places it; installed as `efficiency-rules`.

Run from a checkout without installing: `python cli.py lint 通知.docx`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from efficiency_rules.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
