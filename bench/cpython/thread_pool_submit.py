# CPython's side of issue 10's thread-pool figure: ThreadPoolExecutor() (default max_workers) gets 100,000 small
# tasks with submit(work, i), then every future's result(); per task, as ThreadPoolExecutorBenchmarks measures it.
# Same machine, same run, not pinned (like the .NET side):
#   /usr/bin/python3 bench/cpython/thread_pool_submit.py [rounds]
import sys, time, statistics
from concurrent.futures import ThreadPoolExecutor

TASKS = 100_000

def work(x):
    return (x * 31) ^ (x >> 3)

def submit_result_ns(executor):
    t = time.perf_counter()
    futures = [executor.submit(work, i) for i in range(TASKS)]
    total = sum(f.result() for f in futures)
    elapsed = time.perf_counter() - t
    assert total == sum(work(i) for i in range(TASKS))
    return elapsed / TASKS * 1e9

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
with ThreadPoolExecutor() as executor:
    submit_result_ns(executor)  # warm-up: starts the workers
    times = [submit_result_ns(executor) for _ in range(rounds)]
    workers = executor._max_workers
print("cpython %s ThreadPoolExecutor(max_workers=%d) submit_result_ns=%.0f (median of %d; min %.0f)"
      % (sys.version.split()[0], workers, statistics.median(times), rounds, min(times)))
