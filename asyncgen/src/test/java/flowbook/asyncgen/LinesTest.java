package flowbook.asyncgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class LinesTest {
  @TempDir Path directory;

  @Test
  void emptyFileGivesNothing() throws Exception {
    Path file = Files.writeString(directory.resolve("empty.txt"), "");
    assertEquals(List.of(), AsyncGenerator.lines(file).toList());
  }

  @Test
  void yieldsEachLineAndClosesTheFileAtTheEnd() throws Exception {
    Path file = Files.writeString(directory.resolve("a.txt"), "one\ntwo\r\nthree");
    assertEquals(List.of("one", "two", "three"), AsyncGenerator.lines(file).toList());
    assertEquals(0, openDescriptorsOf(file));
  }

  @Test
  void readsInTheGivenCharset() throws Exception {
    Path file = directory.resolve("latin1.txt");
    Files.write(file, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(
        List.of("caf\u00e9"), AsyncGenerator.lines(file, StandardCharsets.ISO_8859_1).toList());
  }

  @Test
  void theFileIsOpenedOnlyAtTheFirstDemand() throws Exception {
    Path missing = directory.resolve("missing.txt");
    AsyncGenerator<String> lines = AsyncGenerator.lines(missing); // no error yet
    assertThrows(NoSuchFileException.class, lines::toList);
    Files.writeString(missing, "now here\n");
    assertEquals(List.of("now here"), lines.toList());
  }

  @Test
  void exceptionFromTheConsumerClosesTheFile() throws Exception {
    Path file = Files.writeString(directory.resolve("b.txt"), "1\n2\n3\n");
    IllegalStateException error = new IllegalStateException("consumer failed");
    assertThrows(
        IllegalStateException.class,
        () ->
            AsyncGenerator.lines(file)
                .forEach(
                    line -> {
                      assertEquals(1, openDescriptorsOf(file)); // open while reading
                      throw error;
                    }));
    assertEquals(0, openDescriptorsOf(file));
  }

  @Test
  void cancelClosesTheFile() throws Exception {
    Path file = Files.writeString(directory.resolve("c.txt"), "1\n2\n3\n");
    TestSubscriber<String> subscriber = Upstreams.subscribe(AsyncGenerator.lines(file), 1);
    subscriber.awaitItems(1);
    assertEquals(1, openDescriptorsOf(file));
    subscriber.cancel();
    while (openDescriptorsOf(file) > 0) {
      Thread.sleep(1);
    }
    assertEquals(List.of("subscribe", "next:1"), subscriber.events);
  }

  @Test
  void nullArgumentsAreRejectedAtOnce() {
    assertThrows(NullPointerException.class, () -> AsyncGenerator.lines(null));
    assertThrows(NullPointerException.class, () -> AsyncGenerator.lines(directory, null));
  }

  /** How many of this process's file descriptors point at {@code file} (Linux /proc). */
  private static long openDescriptorsOf(Path file) throws IOException {
    Path descriptors = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(descriptors), "needs /proc/self/fd to see open files");
    Path target = file.toRealPath();
    try (Stream<Path> entries = Files.list(descriptors)) {
      return entries
          .filter(
              entry -> {
                try {
                  return Files.readSymbolicLink(entry).equals(target);
                } catch (IOException | UnsupportedOperationException gone) {
                  return false; // closed meanwhile, or the one Files.list itself uses
                }
              })
          .count();
    }
  }
}
