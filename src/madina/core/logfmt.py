"""How log lines are written: with their request's id (set by core.logs), as text or as JSON objects.

Loaded by settings.LOGGING before the apps are, so it imports nothing of Django's.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user", "ip")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update({name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
