"""Background workers side by side, as on several machines: every task runs once, each worker beats while it
runs and says goodbye when it stops."""

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import REPO
from tests.servers import fresh_database, madina, prepare, production_env

TASKS = 120
WORKERS = 3


@pytest.mark.slow
def test_three_workers_run_every_task_exactly_once(tmp_path):
    done = tmp_path / "done"
    done.mkdir()
    with fresh_database() as database:
        env = production_env(tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend", **database)
        prepare(env, ("shell", "-c", f"from tests.worker_tasks import mark\n"
                                     f"for n in range({TASKS}): mark.enqueue({str(done)!r}, n)"), static=False)
        workers = [
            subprocess.Popen([sys.executable, "-m", "madina.cli", "db_worker", "--batch", "--no-reload",
                              "--interval", "0.05", "--worker-id", f"w{n}"],
                             env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for n in range(WORKERS)
        ]
        outputs = [worker.communicate(timeout=300)[0] for worker in workers]
        assert all(worker.returncode == 0 for worker in workers), outputs
        results = madina("shell", "-c", (
            "import json\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "from madina.core.models import WorkerHeartbeat\n"
            "rows = list(DBTaskResult.objects.values_list('status', 'worker_ids'))\n"
            "print(json.dumps([sorted({s for s, _ in rows}), max(len(w) for _, w in rows),"
            " len({w[0] for _, w in rows}), WorkerHeartbeat.objects.count()]))"), env=env)
    assert sorted(int(path.name) for path in done.iterdir()) == list(range(TASKS))
    statuses, most_claims, workers_used, heartbeats_left = json.loads(results.stdout.strip().splitlines()[-1])
    assert statuses == ["SUCCESSFUL"]
    assert most_claims == 1, "a task was claimed by two workers"
    assert workers_used > 1, "the workers did not share the queue"
    assert heartbeats_left == 0, "a worker that stopped still says it is alive"


@pytest.mark.slow
def test_a_running_worker_is_seen_by_the_readiness_check(tmp_path):
    with fresh_database() as database:
        env = production_env(tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend", **database)
        prepare(env, static=False)
        worker = subprocess.Popen([sys.executable, "-m", "madina.cli", "db_worker", "--no-reload"],
                                  env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            ask = ("from madina.core.health import readiness\n"
                   "print(readiness()[1]['worker'])")
            deadline = time.monotonic() + 30
            while "'workers': 1" not in (seen := madina("shell", "-c", ask, env=env).stdout):
                assert time.monotonic() < deadline, seen
                time.sleep(0.5)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        assert "'ok': False, 'workers': 0" in madina("shell", "-c", ask, env=env).stdout
