import io
import time

from madina.tour.cli import Progress


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_once_a_solve_runs_past_a_second():
    stream = _Terminal()
    with Progress(stream) as progress:
        progress.update("searching orders")
        time.sleep(1.4)
    assert "searching orders" in stream.getvalue()


def test_progress_stays_silent_when_not_a_terminal_or_quick():
    quiet, quick = io.StringIO(), _Terminal()
    with Progress(quiet) as progress:
        progress.update("searching orders")
        time.sleep(1.3)
    with Progress(quick):
        pass
    assert quiet.getvalue() == "" and quick.getvalue() == ""
