package flowbook.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cell-path hash agrees with JupyterLab's and ipykernel's. The expected values were computed
 * once, outside this project, by two independent Python transcriptions: one of ipykernel's {@code
 * murmur2_x86} in {@code ipykernel/compiler.py} (UTF-8 bytes, 64-bit Python ints masked to 32 bits)
 * and one of JupyterLab's {@code murmur2} in {@code packages/debugger/src/hash.ts} (TextEncoder
 * UTF-8, its 16-bit split multiplication); both gave these numbers for every text.
 */
class Murmur2Test {
  @ParameterizedTest(name = "{0} with seed {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``|                 0xc70f6907|3990065800",
        "a|                  0xc70f6907|2167009006",
        "ab|                 0xc70f6907|2805137849",
        "abc|                0xc70f6907|3350977461",
        "abcd|               0xc70f6907|804720481",
        "1 + 1|              0xc70f6907|2359671083",
        "print('héllo')|     0xc70f6907|2283660375",
        "var s = \"日本語\";|   0xc70f6907|196360858",
        "``|                 0|0",
        "a|                  0|2456313694",
        "1 + 1|              0|3531899427",
        "var s = \"日本語\";|   0|2053401989",
      })
  void hashesUtf8LikeJupyterLabAndIpykernel(String text, String seed, long expected) {
    assertEquals(expected, Murmur2.hash(text, Long.decode(seed).intValue()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "int x = 42;\\nx * 2|2110613072",
        "// \uD83D\uDE80 launch\\nSystem.out.println(\"ok\");|1857493027",
      })
  void multiLineCellsWithEmojiHashAsTheirUtf8Bytes(String escaped, long expected) {
    String text = escaped.replace("\\n", "\n");
    assertEquals(expected, Murmur2.hash(text, CellFiles.SEED));
  }

  @ParameterizedTest
  @CsvSource({"1 + 1, cells/2359671083.jsh"})
  void aCellsPathIsPrefixHashSuffix(String code, String expected) {
    assertEquals(expected, new CellFiles("cells/", CellFiles.SEED, ".jsh").path(code));
  }
}
