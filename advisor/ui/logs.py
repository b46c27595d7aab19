"""Logs as JSON lines, one object per line, for a log collector. They never carry what a user typed: the
app logs no answers, company names or notes, and an exception is logged by its type and where it was
raised, never by its message (a validation error quotes the value it rejected)."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            frames = traceback.extract_tb(record.exc_info[2])[-6:]
            entry["where"] = [f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} in {f.name}" for f in frames]
        return json.dumps(entry, ensure_ascii=False)


def use_json_lines() -> None:
    """Give every handler of every logger the JSON formatter. Streamlit gives each of its loggers its own
    handler, some created late, so app.py calls this on every script run; it only sets what is not set."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
        root.setLevel(logging.INFO)
    loggers = [root, *(x for x in logging.Logger.manager.loggerDict.values() if isinstance(x, logging.Logger))]
    for logger in loggers:
        for handler in logger.handlers:
            if not isinstance(handler.formatter, JsonLines):
                handler.setFormatter(JsonLines())


def serve() -> None:
    """`streamlit run` with every log line JSON from the first one (app.py's call comes only with the first
    session): Streamlit gives each logger its own console handler, made here with the JSON formatter.

        python -m advisor.ui.logs app.py [streamlit options]
    """
    import streamlit.logger
    from streamlit.web import cli

    make = streamlit.logger.setup_formatter

    def setup_json(logger: logging.Logger) -> None:
        make(logger)
        use_json_lines()

    streamlit.logger.setup_formatter = setup_json
    streamlit.logger.update_formatter()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    serve()
