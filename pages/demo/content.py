"""The demo's data files (pages/demo/data/) and their body blocks as stream data."""

import json
from html import escape
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_data(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def stream_data(blocks: list[dict]) -> list[dict]:
    """Turn the demo's plain-text body blocks into ResourceStreamBlock data."""
    stream = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            stream.append({"type": "heading", "value": {"text": value, "level": "h2"}})
        elif kind == "paragraph":
            stream.append({"type": "paragraph", "value": f"<p>{escape(value)}</p>"})
        elif kind == "list":
            items = "".join(f"<li>{escape(item)}</li>" for item in value)
            stream.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
        elif kind == "callout":
            stream.append(
                {
                    "type": "callout",
                    "value": {
                        "title": value["title"],
                        "text": f"<p>{escape(value['text'])}</p>",
                    },
                }
            )
        else:
            raise ValueError(f"Unknown demo block type {kind!r}")
    return stream
