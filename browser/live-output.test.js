// Live output in a real browser: Jupyter Notebook (classic, 6.x) in headless Chromium, driven by Playwright.
//
// 1. The basic example's `main();` cell: `Received: 0` is on the page while the cell still runs
//    (its prompt shows `In [*]`, the kernel indicator is busy), the lines arrive about a second
//    apart, and all three are there when it ends.
// 2. A cell whose value is an infinite generator: items appear while it runs, the toolbar's
//    interrupt button stops it, the kernel goes idle and stays idle, and `1 + 1` then gives 2.
//
// install/browser-test.sh starts the server and passes everything through the environment:
// FLOWBOOK_BASE_URL, FLOWBOOK_TOKEN, FLOWBOOK_NOTEBOOK (path under the server's root),
// FLOWBOOK_CHROMIUM, FLOWBOOK_BROWSER_PROFILE (a fresh, empty directory),
// FLOWBOOK_BROWSER_OUTPUT (screenshots and logs), FLOWBOOK_BROWSER_TIMEOUT (seconds, whole test).
'use strict';

const harness = require('./harness');

const { log, Failure, run, recordedLines, live } = harness;
const { KERNEL_START, FIRST_LINE, CELL_END, SMALL_CELL, MIN_GAP_BETWEEN_LINES, INFINITE_GENERATOR } = live;
const config = harness.server();

// ---------------------------------------------------------------------------------------------
// In-page helpers. They run inside the notebook page, where `Jupyter` and jQuery are globals.

/** Installs a recorder: kernel events, and for each tagged cell the moment each line appeared. */
function installRecorder() {
  const recorder = { kernelEvents: [], lines: {} };
  window.__flowbook = recorder;
  const events = ['kernel_dead', 'kernel_restarting', 'kernel_autorestarting', 'kernel_killed',
    'kernel_disconnected', 'kernel_connection_failed'];
  for (const name of events) {
    Jupyter.notebook.events.on(`${name}.Kernel`, () =>
      recorder.kernelEvents.push({ event: name, at: performance.now() }));
  }
}

/** What a cell shows, read the way a person would: prompt, output text, kernel indicator. */
function readCell(tag) {
  const cell = document.querySelector(`[data-flowbook-test="${tag}"]`);
  const indicator = document.getElementById('kernel_indicator_icon');
  const prompt = cell ? cell.querySelector('.input_prompt').innerText.replace(/\s+/g, ' ').trim() : null;
  const outputs = cell ? [...cell.querySelectorAll('.output_area')] : [];
  return {
    found: Boolean(cell),
    prompt,
    running: Boolean(cell) && (/\[\*\]/.test(prompt) || cell.classList.contains('running')),
    finished: /\[\d+\]/.test(prompt || ''),
    outputText: outputs.map((area) => area.querySelector('.output_subarea')?.innerText ?? '').join('\n'),
    streamText: outputs.map((area) => area.querySelector('.output_stream')?.innerText ?? '').join(''),
    resultText: cell?.querySelector('.output_result')?.innerText.trim() ?? null,
    errorText: cell?.querySelector('.output_error')?.innerText ?? null,
    kernelIndicator: indicator ? `${indicator.className} (${indicator.title})` : 'no #kernel_indicator_icon',
    kernelIdle: Boolean(indicator) && indicator.classList.contains('kernel_idle_icon'),
    kernelBusy: Boolean(indicator) && indicator.classList.contains('kernel_busy_icon'),
    dialogs: [...document.querySelectorAll('.modal.in .modal-content')].map((d) => d.innerText.trim()),
    kernelEvents: window.__flowbook ? window.__flowbook.kernelEvents.map((e) => e.event) : [],
    kernelReady: Boolean(Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()
      && Object.keys(Jupyter.notebook.kernel.info_reply || {}).length > 0),
  };
}

/** Clears a cell's output, tags the cell and records, for each new output line matching `pattern`, when it appeared and how the cell looked. */
function watchCell({ index, tag, pattern }) {
  const cell = Jupyter.notebook.get_cell(index);
  cell.clear_output(); // the committed notebook may carry the lines already; they must come from this run
  cell.element.attr('data-flowbook-test', tag);
  const regex = new RegExp(pattern);
  const seen = [];
  window.__flowbook.lines[tag] = seen;
  const element = cell.element[0];
  const record = () => {
    const stream = [...element.querySelectorAll('.output_stream')].map((e) => e.innerText).join('\n');
    const lines = stream.split('\n').map((line) => line.trim()).filter((line) => regex.test(line));
    const prompt = element.querySelector('.input_prompt').innerText;
    const indicator = document.getElementById('kernel_indicator_icon');
    for (let i = seen.length; i < lines.length; i++) {
      seen.push({
        line: lines[i],
        at: Math.round(performance.now()), // ms since the page loaded
        running: /\[\*\]/.test(prompt),
        kernelBusy: indicator.classList.contains('kernel_busy_icon'),
      });
    }
  };
  new MutationObserver(record).observe(element, { childList: true, subtree: true, characterData: true });
}

// ---------------------------------------------------------------------------------------------

function waitForCell(page, tag, expected, timeout, condition) {
  return harness.waitForCell(page, readCell, tag, expected, timeout, condition);
}

/** Saves a screenshot of the viewport; with `upToCell`, only from the top down to the bottom of that cell. */
async function screenshot(page, name, upToCell) {
  let clip;
  if (upToCell) {
    const box = await page.locator(`[data-flowbook-test="${upToCell}"]`).boundingBox();
    const viewport = page.viewportSize();
    if (box) clip = { x: 0, y: 0, width: viewport.width, height: Math.min(viewport.height, Math.ceil(box.y + box.height + 12)) };
  }
  await harness.screenshot(page, name, clip);
}

/** Scrolls the notebook so that cell `tag` is at the top. */
async function scrollTo(page, tag) {
  await page.evaluate((t) => {
    const index = Jupyter.notebook.get_cells().findIndex((cell) => cell.element.attr('data-flowbook-test') === t);
    Jupyter.notebook.scroll_to_cell(index, 0);
  }, tag);
}

async function clickToolbar(page, action) {
  await page.click(`#maintoolbar button[data-jupyter-action="jupyter-notebook:${action}"]`, { timeout: 5_000 });
}

/** Selects cell `index` the way a person does (a click on its prompt), scrolls it to the top, and runs it from the toolbar. */
async function runCell(page, tag, index) {
  await page.evaluate((i) => Jupyter.notebook.scroll_to_cell(i, 0), index);
  await page.click(`[data-flowbook-test="${tag}"] .input_prompt`, { timeout: 5_000 });
  const selected = await page.evaluate(() => Jupyter.notebook.get_selected_index());
  if (selected !== index) {
    throw new Failure(`cell ${index} selected after clicking its prompt`, { selected });
  }
  await clickToolbar(page, 'run-cell-and-select-next');
}

async function runScenario(page) {
  const url = `${config.baseUrl}/notebooks/${encodeURIComponent(config.notebook)}?token=${config.token}`;
  log(`opening ${config.baseUrl}/notebooks/${config.notebook}`);
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });

  log('waiting for the notebook to load and the Flowbook kernel to be idle');
  try {
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded,
      null, { timeout: 60_000, polling: 100 });
  } catch (error) {
    throw new Failure('the notebook page to load (Jupyter.notebook fully loaded)', {
      title: await page.title(), body: (await page.innerText('body').catch(() => '')).slice(0, 2000) });
  }
  await page.evaluate(installRecorder);

  const basic = await page.evaluate(() => Jupyter.notebook.get_cells()
    .findIndex((cell) => cell.cell_type === 'code' && /^\s*main\(\);\s*$/m.test(cell.get_text())));
  if (basic < 0) throw new Failure('a code cell with the line `main();` in the notebook', { cell: 'none found' });
  await page.evaluate(watchCell, { index: basic, tag: 'basic', pattern: '^Received: \\d+$' });

  const kernel = await waitForCell(page, 'basic', 'the kernel to be connected and idle', KERNEL_START, (s) =>
    s.kernelReady && s.kernelIdle);
  const kernelName = await page.evaluate(() => Jupyter.notebook.kernel.name);
  if (kernelName !== 'flowbook') throw new Failure('the kernel "flowbook"', { kernelName, ...kernel });
  log(`kernel "${kernelName}" is idle`);

  // --- 1. the basic example, line by line ----------------------------------------------------
  log(`running cell ${basic} (main();)`);
  const runAt = await page.evaluate(() => performance.now());
  await runCell(page, 'basic', basic);

  await waitForCell(page, 'basic', '`Received: 0` on the page', FIRST_LINE, (s) =>
    /Received: 0/.test(s.streamText));
  await harness.expectFirstLineLive(page, readCell, 'In [*]', runAt);

  await waitForCell(page, 'basic', '`Received: 1` on the page', FIRST_LINE, (s) =>
    /Received: 1/.test(s.streamText));
  const lines = await recordedLines(page, 'basic');
  if (lines.length !== 2 || lines[1].at - lines[0].at < MIN_GAP_BETWEEN_LINES) {
    throw new Failure(`\`Received: 1\` to appear on its own, at least ${MIN_GAP_BETWEEN_LINES} ms after \`Received: 0\``
      + ' (lines that arrive together were held back, not streamed)', { appeared: lines });
  }
  await screenshot(page, '1-basic-example-mid-stream.png', 'basic');
  const afterShot = await page.evaluate(readCell, 'basic');
  if (!afterShot.running || /Received: 2/.test(afterShot.streamText)) {
    throw new Failure('the cell still running with two of three lines after the mid-stream screenshot', afterShot);
  }

  const end = await waitForCell(page, 'basic', 'the cell to finish (prompt In [n]) with the kernel idle', CELL_END,
    (s) => s.finished && s.kernelIdle);
  await harness.expectEveryLineLive(page, end);
  await screenshot(page, '2-basic-example-done.png', 'basic');

  // --- 2. an infinite generator, stopped with the toolbar's interrupt ------------------------
  const ticks = await page.evaluate(({ after, code }) => {
    const cell = Jupyter.notebook.insert_cell_below('code', after);
    cell.set_text(code);
    return Jupyter.notebook.find_cell_index(cell);
  }, { after: basic, code: INFINITE_GENERATOR });
  await page.evaluate(watchCell, { index: ticks, tag: 'ticks', pattern: '^tick \\d+$' });
  log(`running a new cell ${ticks}: an infinite generator as the cell's value`);
  await runCell(page, 'ticks', ticks);

  await harness.expectInterruptStopsTicks(page, {
    readCell, running: 'In [*]', finished: 'In [n]', sameKernel: false,
    interrupt: () => clickToolbar(page, 'interrupt-kernel'),
    screenshot: (name) => screenshot(page, name), streamingScreenshot: '3-infinite-generator-streaming.png',
  });
  await scrollTo(page, 'ticks');
  await screenshot(page, '4-infinite-generator-interrupted.png');

  // --- 3. the kernel is still usable ---------------------------------------------------------
  const next = await page.evaluate((after) => {
    const cell = Jupyter.notebook.insert_cell_below('code', after);
    cell.set_text('1 + 1');
    cell.element.attr('data-flowbook-test', 'next');
    return Jupyter.notebook.find_cell_index(cell);
  }, ticks);
  log(`running a new cell ${next}: 1 + 1`);
  await runCell(page, 'next', next);
  const result = await waitForCell(page, 'next', 'the cell `1 + 1` to finish with the result 2', SMALL_CELL,
    (s) => s.finished && s.kernelIdle && s.resultText !== null);
  if (result.resultText !== '2' || result.errorText) {
    throw new Failure('`1 + 1` to show the result 2', result);
  }
  log(`1 + 1 = ${result.resultText}; prompt ${result.prompt}`);
  await scrollTo(page, 'ticks');
  await screenshot(page, '5-kernel-usable-after-interrupt.png');
}

run(runScenario, (page) => page.evaluate(readCell, 'basic'));
