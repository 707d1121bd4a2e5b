package flowbook.asyncgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** The static sources of {@link AsyncGenerator}; see there for their contract. */
final class Sources {
  private Sources() {}

  static <T> AsyncGenerator<T> fromIterable(Iterable<? extends T> iterable) {
    Objects.requireNonNull(iterable, "from(Iterable null): pass a collection or other Iterable");
    return AsyncGenerator.of(
        out -> {
          for (T value : iterable) {
            out.yield(value);
          }
        });
  }

  static <T> AsyncGenerator<T> fromStream(Stream<? extends T> stream) {
    Objects.requireNonNull(stream, "from(Stream null): pass a stream");
    AtomicBoolean used = new AtomicBoolean();
    return AsyncGenerator.of(
        out -> {
          if (used.getAndSet(true)) {
            throw new IllegalStateException(
                "from(Stream): a stream can be consumed once; for a generator that can run again"
                    + " use from(Iterable) or AsyncGenerator.of(out -> ...)");
          }
          try (stream) {
            Iterator<? extends T> values = stream.iterator();
            while (values.hasNext()) {
              out.yield(values.next());
            }
          }
        });
  }

  @SuppressWarnings("unchecked")
  static <T> AsyncGenerator<T> fromPublisher(Flow.Publisher<? extends T> publisher) {
    Objects.requireNonNull(publisher, "from(Publisher null): pass a Flow.Publisher");
    if (publisher instanceof AsyncGenerator<? extends T> generator) {
      return (AsyncGenerator<T>) generator; // read-only, so the wider type is safe
    }
    return AsyncGenerator.of(
        out -> {
          PullingSubscriber<T> feed = new PullingSubscriber<>();
          publisher.subscribe(feed);
          feed.drainInto(out);
        });
  }

  static AsyncGenerator<Integer> range(int start, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("range(" + start + ", " + count + "): count is negative");
    }
    if (count > 0 && start > Integer.MAX_VALUE - (count - 1)) {
      throw new IllegalArgumentException(
          "range(" + start + ", " + count + "): the last value would overflow int");
    }
    return AsyncGenerator.of(
        out -> {
          for (int i = 0; i < count; i++) {
            out.yield(start + i);
          }
        });
  }

  static AsyncGenerator<Long> interval(Duration period) {
    Timing.requirePositive(period, "interval");
    long periodNanos = period.toNanos();
    return AsyncGenerator.of(
        out -> {
          long next = System.nanoTime();
          for (long i = 0; ; i++) {
            next += periodNanos; // fixed rate: a slow consumer does not shift later ticks
            Async.await(Async.sleep(Duration.ofNanos(next - System.nanoTime())));
            out.yield(i);
          }
        });
  }

  static AsyncGenerator<String> lines(Path path, Charset charset) {
    Objects.requireNonNull(path, "lines(null): pass the path of a text file");
    Objects.requireNonNull(charset, "lines(path, null): pass a charset, e.g. UTF_8");
    return AsyncGenerator.of(
        out -> {
          try (BufferedReader reader = Files.newBufferedReader(path, charset)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
              out.yield(line);
            }
          }
        });
  }

  static AsyncGenerator<String> httpLines(HttpClient client, HttpRequest request) {
    Objects.requireNonNull(client, "httpLines(null, request): pass an HttpClient");
    Objects.requireNonNull(request, "httpLines(client, null): pass an HttpRequest");
    return AsyncGenerator.of(
        out -> {
          PullingSubscriber<String> feed = new PullingSubscriber<>();
          CompletableFuture<HttpResponse<Void>> response =
              client.sendAsync(
                  request,
                  info -> {
                    if (info.statusCode() / 100 != 2) {
                      feed.fail(
                          new IOException(
                              "HTTP "
                                  + info.statusCode()
                                  + " from "
                                  + request.method()
                                  + " "
                                  + request.uri()));
                      return HttpResponse.BodySubscribers.discarding();
                    }
                    return HttpResponse.BodySubscribers.fromLineSubscriber(feed);
                  });
          response.whenComplete(
              (ignored, error) -> {
                if (error != null) {
                  feed.fail(Async.unwrap(error)); // connect or protocol failure
                }
              });
          try {
            feed.drainInto(out);
          } finally {
            response.cancel(true); // ends the exchange if the body was closed early
          }
        });
  }

  static <T> AsyncGenerator<T> empty() {
    return AsyncGenerator.of(out -> {});
  }

  @SafeVarargs
  static <T> AsyncGenerator<T> just(T... values) {
    Objects.requireNonNull(values, "just(null): pass the values");
    for (int i = 0; i < values.length; i++) {
      Objects.requireNonNull(
          values[i], "just(...): value " + i + " is null; Flow forbids null items");
    }
    return fromIterable(List.of(values));
  }
}
