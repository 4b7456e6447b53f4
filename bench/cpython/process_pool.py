# CPython's side of issue 10's process pool figures (bench/GreenRuntime.Benchmarks ProcessPoolBenchmarks does .NET's):
# primes below 2,000,000 in 16 chunks on 1 worker and on 2, a worker's start-up (a new pool, its first result, its
# shutdown), and the round trip of a tiny task on a warm worker. Not pinned: the pool needs both cores.
#   /usr/bin/python3 bench/cpython/process_pool.py [rounds]
import sys, time, statistics
from concurrent.futures import ProcessPoolExecutor

LIMIT = 2_000_000
CHUNKS = 16
ROUND_TRIPS = 1_000

def count_primes(start, stop):
    # The same trial division as PoolBodies.CountPrimes.
    count = 0
    for n in range(max(start, 2), stop):
        if n < 4:
            count += 1
            continue
        if n % 2 == 0:
            continue
        d = 3
        while d <= n // d:
            if n % d == 0:
                break
            d += 2
        else:
            count += 1
    return count

def identity(x):
    return x

def busy(seconds):
    time.sleep(seconds)
    return seconds

def primes_seconds(pool):
    size = LIMIT // CHUNKS
    t = time.perf_counter()
    total = sum(f.result() for f in [pool.submit(count_primes, i * size, (i + 1) * size) for i in range(CHUNKS)])
    elapsed = time.perf_counter() - t
    assert total == 148933, total
    return elapsed

def startup_ms():
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1) as pool:
        pool.submit(identity, 1).result()
    return (time.perf_counter() - t) * 1e3

def round_trip_us(pool):
    t = time.perf_counter()
    for i in range(ROUND_TRIPS):
        pool.submit(identity, i).result()
    return (time.perf_counter() - t) / ROUND_TRIPS * 1e6

if __name__ == "__main__":
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with ProcessPoolExecutor(max_workers=1) as one, ProcessPoolExecutor(max_workers=2) as two:
        one.submit(busy, 0.1).result()
        for f in [two.submit(busy, 0.3), two.submit(busy, 0.3)]:
            f.result()
        round_trip_us(one)  # warm-up
        trips = [round_trip_us(one) for _ in range(rounds * 3)]
        ones = [primes_seconds(one) for _ in range(rounds)]
        twos = [primes_seconds(two) for _ in range(rounds)]
    starts = [startup_ms() for _ in range(rounds * 3)]
    v = sys.version.split()[0]
    print("cpython %s process_pool_round_trip_us=%.1f (median of %d; min %.1f)" % (v, statistics.median(trips), len(trips), min(trips)))
    print("cpython %s process_pool_startup_ms=%.1f (median of %d; min %.1f)" % (v, statistics.median(starts), len(starts), min(starts)))
    print("cpython %s primes_1_worker_s=%.2f primes_2_workers_s=%.2f speedup=%.2fx (medians of %d)" % (
        v, statistics.median(ones), statistics.median(twos), statistics.median(ones) / statistics.median(twos), rounds))
