package flowbook.kernel.debug;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash2 (32-bit, x86) of a text's UTF-8 bytes: the hash JupyterLab's debugger and ipykernel
 * name a cell's source file with ({@code prefix + hash(code, seed) + suffix}), so that frames and
 * gutter breakpoints land on the cell whose code it is. The three must agree byte for byte,
 * non-ASCII text included (older ipykernels hashed UTF-16 units and disagreed there).
 */
public final class Murmur2 {
  private static final int M = 0x5bd1e995;

  private Murmur2() {}

  /** The hash of {@code text}'s UTF-8 encoding with {@code seed}, as an unsigned 32-bit value. */
  public static long hash(String text, int seed) {
    return Integer.toUnsignedLong(hash(text.getBytes(StandardCharsets.UTF_8), seed));
  }

  /** The hash of {@code data} with {@code seed}; Java's int arithmetic wraps as the C original. */
  static int hash(byte[] data, int seed) {
    int length = data.length;
    int h = seed ^ length;
    int whole = length & ~3;
    for (int i = 0; i < whole; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      k *= M;
      k ^= k >>> 24;
      k *= M;
      h = h * M ^ k;
    }
    int rest = length & 3;
    if (rest == 3) {
      h ^= (data[whole + 2] & 0xff) << 16;
    }
    if (rest >= 2) {
      h ^= (data[whole + 1] & 0xff) << 8;
    }
    if (rest >= 1) {
      h ^= data[whole] & 0xff;
      h *= M;
    }
    h ^= h >>> 13;
    h *= M;
    h ^= h >>> 15;
    return h;
  }
}
