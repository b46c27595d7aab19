"""The roles a workshop participant can take: the buying committee of 004's buyer personas."""

from __future__ import annotations

from typing import Final, Literal

Role = Literal["cfo", "chro", "cio", "procurement", "operations", "other"]
ROLES: Final[dict[str, str]] = {
    "cfo": "CFO (finance)",
    "chro": "CHRO (people)",
    "cio": "CIO (technology and security)",
    "procurement": "Procurement",
    "operations": "Operations / business owner",
    "other": "Other",
}
