"""Python's `async for` over an async generator: the reference point for flowbook.asyncgen.

Prints one line per case, `python <case> itemsPerSecond=<n>`, and the heap a suspended async
generator holds, `python suspended bytesPerGenerator=<n>`. Any python3 will do.
"""

import asyncio
import sys
import time
import tracemalloc

ITEMS = 10_000_000
ITEMS_WITH_SLEEP = 1_000_000  # a tenth: one event-loop round trip per item is slow
SUSPENDED = 100_000


async def numbers(n):
    for i in range(n):
        yield i


async def numbers_with_sleep(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i


async def consume(generator):
    async for _ in generator:
        pass


async def throughput(name, make, n):
    await consume(make(n // 10))  # warm up
    start = time.perf_counter()
    await consume(make(n))
    elapsed = time.perf_counter() - start
    print(f"python {name} itemsPerSecond={n / elapsed:.0f}", flush=True)


async def suspended():
    """Async generators parked at their first yield, as a consumer holding them open would see."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    generators = [numbers(2) for _ in range(SUSPENDED)]
    for generator in generators:
        await generator.__anext__()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"python suspended bytesPerGenerator={(after - before) // SUSPENDED}")
    for generator in generators:
        await generator.aclose()


async def main():
    print(f"python version={sys.version.split()[0]}")
    await throughput("async-for", numbers, ITEMS)
    await throughput("async-for-with-sleep0", numbers_with_sleep, ITEMS_WITH_SLEEP)
    await suspended()


if __name__ == "__main__":
    asyncio.run(main())
