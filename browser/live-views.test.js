// Live views in a real browser: Jupyter Notebook (classic, 6.x) in headless Chromium, driven by Playwright.
//
// 1. A progress bar over a slow stream: mid-run the cell still runs and the bar shows a count
//    between the first and the last item; at the end it shows 100% and "done".
// 2. A live chart of a slow stream of numbers: mid-run the cell still runs and shows a chart image;
//    at the end the image has been redrawn (another picture) and the cell finished.
// Each state is saved as a screenshot.
//
// install/browser-test.sh runs it after live-output.test.js, with the same environment
// (FLOWBOOK_BASE_URL, FLOWBOOK_TOKEN, FLOWBOOK_NOTEBOOK, FLOWBOOK_CHROMIUM,
// FLOWBOOK_BROWSER_PROFILE, FLOWBOOK_BROWSER_OUTPUT, FLOWBOOK_BROWSER_TIMEOUT).
'use strict';

const path = require('path');
const harness = require('./harness');

const { config, log, Failure, run } = harness;
const server = harness.server();

const KERNEL_START = 120_000;
const CELL = 60_000;

// About six seconds each: long enough to catch mid-run, ten redraws a second (charts five).
const PROGRESS_CELL = 'progress(AsyncGenerator.range(0, 60).map(i -> { Thread.sleep(100); return i; }), 60)\n'
  + '    .forEach(i -> {});';
const CHART_CELL = 'chart("a live sine", AsyncGenerator.range(0, 60)\n'
  + '    .map(i -> { Thread.sleep(100); return Math.sin(i / 5.0); }));';

/** What a tagged cell shows: prompt state, the output's text and its first image's source. */
function readCell(tag) {
  const cell = document.querySelector(`[data-flowbook-test="${tag}"]`);
  const prompt = cell ? cell.querySelector('.input_prompt').innerText : '';
  const image = cell?.querySelector('.output_area img');
  return {
    running: /\[\*\]/.test(prompt),
    finished: /\[\d+\]/.test(prompt),
    text: cell ? [...cell.querySelectorAll('.output_subarea')].map((e) => e.innerText).join('\n') : '',
    image: image ? image.src : null,
    errorText: cell?.querySelector('.output_error')?.innerText ?? null,
  };
}

async function waitFor(page, tag, expected, timeout, condition) {
  const until = Date.now() + timeout;
  for (;;) {
    const state = await page.evaluate(readCell, tag);
    if (condition(state)) return state;
    if (Date.now() > until) {
      throw new Failure(`${expected} within ${timeout / 1000}s`, { ...state, image: state.image && `${state.image.slice(0, 40)}...` });
    }
    await page.waitForTimeout(50);
  }
}

async function screenshot(page, tag, name) {
  const file = path.join(config.output, name);
  await page.locator(`[data-flowbook-test="${tag}"]`).screenshot({ path: file, timeout: 10_000 });
  log(`screenshot ${file}`);
}

/** Adds a code cell at the end, tagged, and runs it from the toolbar. */
async function runNewCell(page, tag, code) {
  await page.evaluate(({ t, c }) => {
    const cell = Jupyter.notebook.insert_cell_at_bottom('code');
    cell.set_text(c);
    cell.element.attr('data-flowbook-test', t);
    const index = Jupyter.notebook.find_cell_index(cell);
    Jupyter.notebook.select(index);
    Jupyter.notebook.scroll_to_cell(index, 0);
  }, { t: tag, c: code });
  await page.click(`[data-flowbook-test="${tag}"] .input_prompt`, { timeout: 5_000 });
  await page.click('#maintoolbar button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]', { timeout: 5_000 });
}

async function scenario(page) {
  const url = `${server.baseUrl}/notebooks/${encodeURIComponent(server.notebook)}?token=${server.token}`;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded
    && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()
    && document.getElementById('kernel_indicator_icon').classList.contains('kernel_idle_icon'),
  null, { timeout: KERNEL_START, polling: 100 });
  log('notebook loaded, kernel idle');

  // --- 1. a progress bar --------------------------------------------------------------------
  await runNewCell(page, 'progress', PROGRESS_CELL);
  const midBar = await waitFor(page, 'progress', 'the bar mid-run (between 20/60 and 49/60, cell running)', CELL,
    (s) => s.running && /\b[2-4]\d\/60\b/.test(s.text));
  log(`mid-run: ${midBar.text.trim()}`);
  await screenshot(page, 'progress', '6-progress-mid-run.png');
  const endBar = await waitFor(page, 'progress', 'the bar at 100% and done, cell finished', CELL,
    (s) => s.finished && /100%/.test(s.text) && /60\/60 \[done in /.test(s.text));
  if (endBar.errorText) throw new Failure('the progress cell to succeed', { errorText: endBar.errorText });
  log(`end: ${endBar.text.trim()}`);
  await screenshot(page, 'progress', '7-progress-done.png');

  // --- 2. a live chart ----------------------------------------------------------------------
  await runNewCell(page, 'chart', CHART_CELL);
  const drawings = new Set(); // distinct pictures seen so far: the chart grows by redraws
  const midChart = await waitFor(page, 'chart', 'the chart redrawn several times while the cell runs', CELL,
    (s) => s.running && s.image !== null && drawings.add(s.image).size >= 8);
  log(`mid-run: ${drawings.size} different drawings so far`);
  await screenshot(page, 'chart', '8-chart-mid-run.png');
  const endChart = await waitFor(page, 'chart', 'the cell finished with its chart', CELL,
    (s) => s.finished && s.image !== null);
  if (endChart.errorText) throw new Failure('the chart cell to succeed', { errorText: endChart.errorText });
  if (endChart.image === midChart.image) throw new Failure('the chart redrawn between mid-run and the end', { redrawn: false });
  log('chart shown mid-run and redrawn by the end');
  await screenshot(page, 'chart', '9-chart-done.png');
}

run(scenario, async (page) => ({ url: page.url() }), {
  consoleLog: 'live-views-console.log', failureScreenshot: 'failure-live-views.png',
});
