# gevent's side of issue 8's pool figure: Pool(100).map over 100,000 items whose work yields once
# (gevent.sleep(0)), per item, in the style of ../shared/bench/gevent_micro.py. Run pinned to one core:
#   taskset -c 0 /usr/bin/python3 bench/gevent/gevent_pool_map.py [rounds]
import sys, time, statistics
import gevent
from gevent.pool import Pool

ITEMS = 100_000
WIDTH = 100

def work(item):
    gevent.sleep(0)
    return item

def pool_map_ns():
    items = list(range(ITEMS))
    t = time.perf_counter()
    results = Pool(WIDTH).map(work, items)
    elapsed = time.perf_counter() - t
    assert results == items
    return elapsed / ITEMS * 1e9

def pool_imap_unordered_ns():
    items = list(range(ITEMS))
    t = time.perf_counter()
    total = sum(Pool(WIDTH).imap_unordered(work, items))
    elapsed = time.perf_counter() - t
    assert total == sum(items)
    return elapsed / ITEMS * 1e9

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
pool_map_ns()  # warm-up
maps = [pool_map_ns() for _ in range(rounds)]
imaps = [pool_imap_unordered_ns() for _ in range(rounds)]
print("gevent %s pool_map_ns=%.0f (median of %d; min %.0f)" % (gevent.__version__, statistics.median(maps), rounds, min(maps)))
print("gevent %s pool_imap_unordered_ns=%.0f (median of %d; min %.0f)" % (gevent.__version__, statistics.median(imaps), rounds, min(imaps)))
