package flowbook.bench;

import com.sun.net.httpserver.HttpServer;
import flowbook.asyncgen.AsyncGenerator;
import flowbook.asyncgen.Batcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;

/**
 * N lookups over two dependent levels (a user, then that user's best friend) against a local HTTP
 * server with a fixed latency per request: the naive loop, mapAsync alone, Batcher, a time-window
 * batcher and java-dataloader with manual dispatch(). Prints backend calls, keys sent and p50/p95
 * wall time per strategy, one table. Usage: Batching [iterations], default 15.
 */
public final class Batching {
  static final int MAX_BATCH = 100; // every batching strategy's largest call
  static final int CONCURRENCY = 1_000; // Batcher's mapAsync bound: every lookup of a round at once
  // mapAsync alone: requests in flight at most, a connection pool's size (the JDK's HttpServer
  // drops connections when 1,000 arrive at once)
  static final int REQUESTS_IN_FLIGHT = 100;
  static final Duration WINDOW = Duration.ofMillis(5); // the time-window batcher's window

  final AtomicLong calls = new AtomicLong();
  final AtomicLong keys = new AtomicLong();
  final HttpServer server;
  final HttpClient http;
  final String base;
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  volatile long latencyMillis;

  Batching() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1_000);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/users",
        exchange -> {
          calls.incrementAndGet();
          String[] ids = exchange.getRequestURI().getQuery().substring("ids=".length()).split(",");
          keys.addAndGet(ids.length);
          try {
            Thread.sleep(latencyMillis); // the backend's round trip, whatever the batch size
          } catch (InterruptedException e) {
            return;
          }
          StringBuilder body = new StringBuilder();
          for (String id : ids) {
            long user = Long.parseLong(id);
            body.append(user).append(',').append(user + 1_000_000).append('\n'); // friend
          }
          byte[] bytes = body.toString().getBytes();
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
  }

  /** One request for {@code ids}: each user's best friend's id. */
  CompletableFuture<Map<Long, Long>> fetch(Collection<Long> ids) {
    String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/users?ids=" + list)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              Map<Long, Long> friends = new HashMap<>();
              response
                  .body()
                  .lines()
                  .forEach(
                      line -> {
                        String[] fields = line.split(",");
                        friends.put(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
                      });
              return friends;
            });
  }

  CompletableFuture<Long> fetchOne(long id) {
    return fetch(List.of(id)).thenApply(friends -> friends.get(id));
  }

  interface Strategy {
    /** Looks up each id's friend, then the friend's friend; returns the second-level answers. */
    List<Long> run(List<Long> ids) throws Exception;
  }

  // ---- the strategies ----

  List<Long> naive(List<Long> ids) {
    List<Long> out = new ArrayList<>();
    for (long id : ids) {
      out.add(fetchOne(fetchOne(id).join()).join());
    }
    return out;
  }

  List<Long> mapAsync(List<Long> ids) throws Exception {
    return AsyncGenerator.from(ids)
        .mapAsync(REQUESTS_IN_FLIGHT, id -> fetchOne(id).thenCompose(this::fetchOne))
        .toList();
  }

  List<Long> batcher(List<Long> ids) throws Exception {
    Batcher<Long, Long> friends =
        Batcher.<Long, Long>ofAsync(this::fetch).maxBatchSize(MAX_BATCH).cache(false);
    return AsyncGenerator.from(ids)
        .mapAsync(CONCURRENCY, id -> friends.load(id).thenCompose(friends::load))
        .toList();
  }

  List<Long> window(List<Long> ids) {
    WindowBatcher windowed = new WindowBatcher();
    List<CompletableFuture<Long>> results = new ArrayList<>();
    for (long id : ids) {
      results.add(windowed.load(id).thenCompose(windowed::load));
    }
    return results.stream().map(CompletableFuture::join).toList();
  }

  List<Long> dataLoader(List<Long> ids) {
    DataLoader<Long, Long> loader =
        DataLoaderFactory.newDataLoader(
            (List<Long> batch) ->
                fetch(batch).thenApply(found -> batch.stream().map(found::get).toList()),
            DataLoaderOptions.newOptions().setMaxBatchSize(MAX_BATCH).setCachingEnabled(false));
    List<CompletableFuture<Long>> first = new ArrayList<>();
    for (long id : ids) {
      first.add(loader.load(id));
    }
    loader.dispatch(); // the caller knows the first level was asked for
    List<CompletableFuture<Long>> second = new ArrayList<>();
    for (CompletableFuture<Long> friend : first) {
      second.add(loader.load(friend.join())); // the second level, once the first came back
    }
    loader.dispatch();
    return second.stream().map(CompletableFuture::join).toList();
  }

  /** Sends what came in during a fixed window after the first key: JS DataLoader's tick, longer. */
  final class WindowBatcher {
    private Map<Long, CompletableFuture<Long>> pending = new HashMap<>(); // guarded by this

    synchronized CompletableFuture<Long> load(long id) {
      if (pending.isEmpty()) {
        timer.schedule(this::flush, WINDOW.toNanos(), TimeUnit.NANOSECONDS);
      }
      return pending.computeIfAbsent(id, key -> new CompletableFuture<>());
    }

    private void flush() {
      Map<Long, CompletableFuture<Long>> batch;
      synchronized (this) {
        batch = pending;
        pending = new HashMap<>();
      }
      List<Long> all = new ArrayList<>(batch.keySet());
      for (int from = 0; from < all.size(); from += MAX_BATCH) {
        List<Long> part = all.subList(from, Math.min(all.size(), from + MAX_BATCH));
        fetch(part)
            .whenComplete(
                (found, error) -> {
                  for (long id : part) {
                    if (error != null) {
                      batch.get(id).completeExceptionally(error);
                    } else {
                      batch.get(id).complete(found.get(id));
                    }
                  }
                });
      }
    }
  }

  // ---- measuring ----

  record Row(
      int n,
      long latency,
      String name,
      long calls,
      long keys,
      double p50,
      double p95,
      String note) {}

  Row measure(String name, Strategy strategy, int n, long latency, int iterations)
      throws Exception {
    latencyMillis = latency;
    List<Long> ids = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      ids.add(i);
    }
    List<Long> expected = ids.stream().map(id -> id + 2_000_000).toList();
    double[] millis = new double[iterations];
    long callsPerRun = 0;
    long keysPerRun = 0;
    for (int i = -3; i < iterations; i++) { // three warm-up runs
      calls.set(0);
      keys.set(0);
      long start = System.nanoTime();
      List<Long> answers = strategy.run(ids);
      long took = System.nanoTime() - start;
      if (!answers.equals(expected)) {
        throw new IllegalStateException(name + " answered wrongly: " + answers);
      }
      if (i >= 0) {
        millis[i] = took / 1e6;
        callsPerRun = Math.max(callsPerRun, calls.get());
        keysPerRun = Math.max(keysPerRun, keys.get());
      }
    }
    Arrays.sort(millis);
    System.err.printf(
        "bench: %5d x %2d ms %-27s calls %5d keys %5d p50 %8.1f ms p95 %8.1f ms%n",
        n,
        latency,
        name,
        callsPerRun,
        keysPerRun,
        percentile(millis, 0.50),
        percentile(millis, 0.95));
    return new Row(
        n,
        latency,
        name,
        callsPerRun,
        keysPerRun,
        percentile(millis, 0.50),
        percentile(millis, 0.95),
        "");
  }

  static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Batching bench = new Batching();
    List<Row> rows = new ArrayList<>();
    for (long latency : new long[] {1, 20}) {
      for (int n : new int[] {10, 100, 1_000}) {
        long levels = 2;
        long expectedCalls = levels * ((n + MAX_BATCH - 1) / MAX_BATCH);
        if (n * levels * latency
            <= 2_000) { // the naive loop at 1,000 x 20 ms would take 40 s a run
          rows.add(bench.measure("naive loop", bench::naive, n, latency, iterations));
        }
        rows.add(bench.measure("mapAsync alone", bench::mapAsync, n, latency, iterations));
        rows.add(bench.measure("Batcher", bench::batcher, n, latency, iterations));
        rows.add(
            bench.measure(
                "window " + WINDOW.toMillis() + " ms", bench::window, n, latency, iterations));
        rows.add(
            bench.measure("java-dataloader dispatch()", bench::dataLoader, n, latency, iterations));
        System.err.printf("bench: n=%d, %d ms done (target calls %d)%n", n, latency, expectedCalls);
      }
    }
    bench.server.stop(0);
    bench.timer.shutdownNow();
    System.out.printf(
        "%6s %8s  %-27s %6s %6s %9s %9s  %s%n",
        "N", "latency", "strategy", "calls", "keys", "p50 ms", "p95 ms", "targets (Batcher)");
    for (Row row : rows) {
      String note = "";
      if (row.name().equals("Batcher")) {
        long expectedCalls = 2 * ((row.n() + MAX_BATCH - 1) / MAX_BATCH);
        double bound = 1.3 * 2 * row.latency();
        Row peer =
            rows.stream()
                .filter(
                    r ->
                        r.n() == row.n()
                            && r.latency() == row.latency()
                            && r.name().startsWith("java-dataloader"))
                .findFirst()
                .orElseThrow();
        note =
            String.format(
                "calls=%d %s; p50 %s 1.3x2x%d ms=%.1f; %s dataloader",
                expectedCalls,
                row.calls() == expectedCalls ? "met" : "NOT met",
                row.p50() <= bound ? "<=" : ">",
                row.latency(),
                bound,
                row.p50() <= peer.p50() ? "as fast as" : "slower than");
      }
      System.out.printf(
          "%6d %5d ms  %-27s %6d %6d %9.1f %9.1f  %s%n",
          row.n(), row.latency(), row.name(), row.calls(), row.keys(), row.p50(), row.p95(), note);
    }
    System.exit(0); // the HttpClient's selector thread is not a daemon
  }
}
