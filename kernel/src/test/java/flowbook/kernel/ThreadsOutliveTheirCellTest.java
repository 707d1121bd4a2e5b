package flowbook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cell returns when its own code is done, whatever threads it started: a server, a pool, a thread
 * that waits for a later cell. (JShell's local engine joined every thread the snippet had started
 * by the time it looked, so such a cell could hang for good, depending on timing.)
 */
@Timeout(60)
class ThreadsOutliveTheirCellTest extends KernelTestSupport {
  @Test
  void aCellThatStartsAServerFinishesAndTheServerServesLaterCells() {
    // when a cell starts an HTTP server, as the use-cases tutorial does
    CellRecord start =
        kernel.eval(
            """
            var server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "hello".getBytes();
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) { out.write(body); }
            });
            server.start();
            """);
    assertTrue(start.outcome().ok(), () -> String.valueOf(start.outcome().failure().orElseThrow()));

    // then a later cell reaches it
    CellRecord request =
        kernel.eval(
            """
            var uri = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            System.out.println(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body());
            server.stop(0);
            """);
    assertEquals("hello\n", request.output().stdout());
  }

  @Test
  void cellsThatLeaveThreadsWaitingAllFinish() {
    // given cells that each start, as their first act, a platform thread that waits for a latch;
    // the race with the engine's thread enumeration is narrow, so it is run many times
    kernel.eval(
        "CountDownLatch gate = new CountDownLatch(1);\nvar started = new ArrayList<Thread>();");
    for (int i = 0; i < 50; i++) {
      CellRecord cell =
          kernel.eval(
              "started.add(Thread.ofPlatform().start(() -> { try { gate.await(); } catch"
                  + " (InterruptedException e) {} }));");
      assertTrue(cell.outcome().ok(), () -> String.valueOf(cell.outcome().failure().orElseThrow()));
    }

    // when a later cell opens the gate, every thread ends
    CellRecord release =
        kernel.eval(
            """
            gate.countDown();
            for (Thread t : started) t.join();
            System.out.println(started.size() + " threads ended");
            """);
    assertEquals("50 threads ended\n", release.output().stdout());
  }
}
