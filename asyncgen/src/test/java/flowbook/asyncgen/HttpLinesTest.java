package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class HttpLinesTest {
  private HttpServer server;
  private HttpClient client;
  private final List<String> serverLog = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstLineSeen = new CountDownLatch(1); // the client got line 0
  private final CompletableFuture<Void> disconnected = new CompletableFuture<>();

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/stream",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked: the body is streamed
          try (OutputStream body = exchange.getResponseBody()) {
            write(body, "line 0\n");
            serverLog.add("sent line 0, waiting");
            // A client that only saw lines when the response ended would wait here forever
            if (!firstLineSeen.await(10, TimeUnit.SECONDS)) {
              serverLog.add("the client never saw line 0");
              return;
            }
            write(body, "line 1\nline ");
            Thread.sleep(20); // a line split across chunks
            write(body, "2\n");
            serverLog.add("done");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/endless",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream body = exchange.getResponseBody()) {
            for (int i = 0; ; i++) {
              write(body, "line " + i + " " + "x".repeat(1000) + "\n");
              Thread.sleep(1);
            }
          } catch (IOException closed) {
            disconnected.complete(null);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/missing",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    client.shutdownNow();
  }

  private static void write(OutputStream body, String text) throws IOException {
    body.write(text.getBytes(StandardCharsets.UTF_8));
    body.flush();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
        .build();
  }

  @Test
  void linesArriveAsTheServerSendsThemBeforeTheResponseEnds() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    AsyncGenerator.httpLines(client, get("/stream"))
        .forEach(
            line -> {
              received.add(line);
              firstLineSeen.countDown();
            });
    assertEquals(List.of("line 0", "line 1", "line 2"), received);
    assertEquals(List.of("sent line 0, waiting", "done"), serverLog);
  }

  @Test
  void nothingIsSentUntilTheFirstDemand() throws Exception {
    AsyncGenerator<String> lines = AsyncGenerator.httpLines(client, get("/missing"));
    // the 404 surfaces only when the generator runs
    IOException thrown = assertThrows(IOException.class, lines::toList);
    assertTrue(thrown.getMessage().contains("HTTP 404"), thrown.getMessage());
  }

  @Test
  void connectionFailureReachesTheConsumer() throws Exception {
    int port;
    try (var free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // closed again at once: nothing listens there
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    assertThrows(IOException.class, AsyncGenerator.httpLines(client, request)::toList);
  }

  @Test
  void exceptionFromTheConsumerClosesTheConnection() {
    IllegalStateException error = new IllegalStateException("consumer failed");
    Exception thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                AsyncGenerator.httpLines(client, get("/endless"))
                    .forEach(
                        line -> {
                          throw error;
                        }));
    assertSame(error, thrown);
    disconnected.join(); // the server's writes fail: the client let go of the connection
  }

  @Test
  void cancelClosesTheConnection() throws Exception {
    TestSubscriber<String> subscriber =
        Upstreams.subscribe(AsyncGenerator.httpLines(client, get("/endless")), 2);
    subscriber.awaitItems(2);
    assertTrue(subscriber.items.get(1).startsWith("line 1 "));
    subscriber.cancel();
    disconnected.join();
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.httpLines(null, get("/stream")));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.httpLines(client, null));
  }
}
