"""The production server: gunicorn, run by `madina serve --production`, with the site's own settings.

Django is set up in the master process before the workers fork (`preload_app`), so a missing setting stops the
start with madina.cli's one line rather than with each worker failing in turn, and the workers share the loaded
code. Threads (gthread) let one worker wait on the database for one person while it answers another.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

THREADS = 4


def default_workers() -> int:
    """Two per core, at least two: a page mostly waits on the database, and one slow page must not stall the site."""
    return max(2, 2 * (os.cpu_count() or 1))


class Server(BaseApplication):
    def __init__(self, application, options: dict):
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self):
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        return self.application


def options(host: str, port: int, workers: int, threads: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        # Behind nginx: a request slower than this is a bug to see in the logs, not a worker to keep waiting.
        "timeout": 60,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Requests waiting to be accepted; the development server resets connections past a much smaller queue.
        "backlog": 2048,
        # Workers are replaced now and then so that no slow leak grows for weeks; the jitter staggers them.
        "max_requests": 5000,
        "max_requests_jitter": 500,
        # Django logs each request (core.logs); gunicorn says only what happens to its workers.
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "madina",
        "post_fork": _own_connections,
    }


def _own_connections(server, worker) -> None:
    """A database connection opened in the master before the fork would be shared by every worker: drop it."""
    from django.db import connections

    connections.close_all()


def serve(host: str, port: int, workers: int, threads: int) -> None:
    from django.core.wsgi import get_wsgi_application

    Server(get_wsgi_application(), options(host, port, workers, threads)).run()
