package flowbook.kernel.view;

import flowbook.asyncgen.AsyncGenerator;
import flowbook.kernel.display.Renderer;
import flowbook.kernel.output.CellContext;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Flow;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of a stream of numbers that grows in place while the stream runs: the item's index
 * on the x axis, its value on the y axis. Drawn by XChart as PNG, at most five times a second (a
 * redraw takes milliseconds, not microseconds), with a {@code text/plain} summary.
 */
public final class LiveChart {
  private static final java.time.Duration INTERVAL = java.time.Duration.ofMillis(200);
  /* Drawing more points than the chart has pixels only costs time: longer runs are thinned. */
  private static final int MAX_DRAWN_POINTS = 2_000;

  private final String title;
  private final List<Double> values = new ArrayList<>(); // guarded by this
  private final LiveDisplay display;

  private LiveChart(CellContext context, String title) {
    this.title = title;
    this.display = new LiveDisplay(context, INTERVAL, this::render);
  }

  /**
   * Consumes {@code numbers} on this thread, drawing them in {@code context}, and returns when the
   * stream ends; see {@code Display.chart}.
   *
   * @throws IllegalArgumentException for an item that is not a {@link Number}; the stream is
   *     cancelled and the chart keeps what came before
   * @throws Exception what the stream failed with, unchanged
   */
  public static void draw(CellContext context, String title, Flow.Publisher<?> numbers)
      throws Exception {
    LiveChart chart = new LiveChart(context, title);
    try {
      AsyncGenerator.from(numbers).forEach(chart::add);
    } finally {
      chart.display.finish();
    }
  }

  private void add(Object item) {
    if (!(item instanceof Number number)) {
      String type = item.getClass().getName();
      throw new IllegalArgumentException(
          "chart: item "
              + count()
              + " is "
              + item
              + " ("
              + type
              + "), not a number; map the stream to numbers first, e.g. .map(x -> x.value())");
    }
    synchronized (this) {
      values.add(number.doubleValue());
    }
    display.changed();
  }

  private synchronized int count() {
    return values.size();
  }

  private synchronized DisplayData render() {
    if (values.isEmpty()) {
      return new DisplayData(label() + ": no values yet");
    }
    XYChart chart =
        new XYChartBuilder().width(640).height(320).title(title).xAxisTitle("item").build();
    chart.getStyler().setLegendVisible(false);
    int stride = Math.ceilDiv(values.size(), MAX_DRAWN_POINTS);
    double[] xs = new double[Math.ceilDiv(values.size(), stride)];
    double[] ys = new double[xs.length];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.size(); i++) {
      double value = values.get(i);
      min = Math.min(min, value);
      max = Math.max(max, value);
      if (i % stride == 0) {
        xs[i / stride] = i;
        ys[i / stride] = value;
      }
    }
    XYSeries series = chart.addSeries("values", xs, ys);
    series.setMarker(SeriesMarkers.NONE);
    String summary =
        String.format(
            Locale.ROOT,
            "%s: %s values, last %s, min %s, max %s",
            label(),
            Throughput.count(values.size()),
            number(values.getLast()),
            number(min),
            number(max));
    return Renderer.render(chart, summary);
  }

  private String label() {
    return title.isEmpty() ? "chart" : "chart \"" + title + "\"";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
