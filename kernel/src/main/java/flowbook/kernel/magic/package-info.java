/**
 * IPython-style magics. {@link flowbook.kernel.magic.MagicLines} decides which lines of a cell are
 * magics, {@link flowbook.kernel.magic.Magics} runs them; each family has its own class: class path
 * and Maven ({@code %classpath}, {@code %maven}), timing ({@code %time}, {@code %timeit}), {@code
 * %env}, display ({@code %%html}, {@code %%markdown}), {@code %load}, settings ({@code %results},
 * {@code %outputLimit}) and {@code %whos}.
 */
package flowbook.kernel.magic;
