package flowbook.kernel.debug;

import java.nio.file.Path;

/**
 * How cells are named as source files, the rule {@code debugInfo} tells JupyterLab: {@code prefix +
 * murmur2(code, seed) + suffix}. JupyterLab applies the same rule itself to map a frame's source
 * back to its cell and a gutter breakpoint to a path, so nothing else is exchanged.
 *
 * @param prefix what paths start with (a directory of this kernel's own, ending in a separator)
 * @param seed the murmur2 seed
 * @param suffix what paths end with
 */
public record CellFiles(String prefix, int seed, String suffix) {
  /** ipykernel's seed: any fixed value works, this one keeps the two kernels' paths alike. */
  public static final int SEED = 0xc70f6907;

  /** Paths under {@code java.io.tmpdir}/flowbook_PID/, ending in {@code .jsh}. */
  public static CellFiles forThisProcess() {
    String directory =
        Path.of(System.getProperty("java.io.tmpdir"), "flowbook_" + ProcessHandle.current().pid())
            .toString();
    return new CellFiles(directory + java.io.File.separator, SEED, ".jsh");
  }

  /** The path of the cell whose text is {@code code}. */
  public String path(String code) {
    return prefix + Murmur2.hash(code, seed) + suffix;
  }
}
