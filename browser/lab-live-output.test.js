// Live output in JupyterLab 4 (the container image's), in headless Chromium, driven by Playwright.
//
// 1. The notebook opens on the Flowbook kernel; JupyterLab's kernel_info says protocol 5.3 and no
//    debugger.
// 2. The basic example's `main();` cell, run from the toolbar: `Received: 0` is on the page while
//    the cell still runs (prompt `[*]`, kernel busy), each line on its own, all three at the end.
// 3. A cell whose value is an infinite generator: items appear while it runs, the toolbar's
//    interrupt button (a message-mode interrupt through jupyter_server 2) stops it, the kernel
//    goes idle, stays idle, and is the same kernel (no restart).
// 4. `1 + 1` then gives 2.
//
// install/container-test.sh starts JupyterLab in the image (with --LabApp.expose_app_in_browser,
// so the page's `window.jupyterapp` can be read, and the notebook's windowing off, so every
// cell is in the page) and sets the environment browser/harness.js reads.
'use strict';

const harness = require('./harness');

const { log, Failure, run, screenshot, live } = harness;
const { KERNEL_START, FIRST_LINE, CELL_END, SMALL_CELL, INFINITE_GENERATOR } = live;
const config = harness.server();

// ---------------------------------------------------------------------------------------------
// In-page helpers: they run inside JupyterLab, where `window.jupyterapp` is the application.

/** Records kernel trouble (dead, restarting) and kernel changes of the open notebook. */
function installRecorder() {
  const panel = window.jupyterapp.shell.currentWidget;
  const recorder = { kernelEvents: [], lines: {}, kernelId: panel.sessionContext.session.kernel.id };
  window.__flowbook = recorder;
  const watch = (kernel) => kernel.statusChanged.connect((_, status) => {
    if (['dead', 'restarting', 'autorestarting', 'terminating'].includes(status)) {
      recorder.kernelEvents.push({ event: status, at: performance.now() });
    }
  });
  watch(panel.sessionContext.session.kernel);
  panel.sessionContext.kernelChanged.connect((_, change) => {
    recorder.kernelEvents.push({ event: 'kernel changed', at: performance.now() });
    if (change.newValue) watch(change.newValue);
  });
}

/** What a cell shows, read the way a person would: prompt, output text; and the kernel's state. */
function readCell(tag) {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    ? panel.sessionContext.session.kernel : null;
  const cell = panel && panel.content ? panel.content.widgets.find((c) => c.node.dataset.flowbookTest === tag) : null;
  const node = cell ? cell.node : null;
  const prompt = node ? node.querySelector('.jp-InputPrompt').innerText.replace(/\s+/g, ' ').trim() : null;
  const text = (mime) => (node ? [...node.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${mime}"]`)]
    .map((e) => e.innerText).join('') : '');
  const result = node ? node.querySelector('.jp-OutputArea-executeResult .jp-OutputArea-output') : null;
  return {
    found: Boolean(cell),
    prompt,
    running: /\[\*\]/.test(prompt || ''),
    finished: /\[\d+\]/.test(prompt || ''),
    streamText: text('application/vnd.jupyter.stdout'),
    resultText: result ? result.innerText.trim() : null,
    errorText: text('application/vnd.jupyter.stderr') || null,
    kernelName: kernel ? kernel.name : null,
    kernelStatus: kernel ? kernel.status : 'no kernel',
    kernelIdle: Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected',
    kernelBusy: Boolean(kernel) && kernel.status === 'busy',
    sameKernel: Boolean(kernel) && Boolean(window.__flowbook) && kernel.id === window.__flowbook.kernelId,
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map((d) => d.innerText.trim()),
    kernelEvents: window.__flowbook ? window.__flowbook.kernelEvents.map((e) => e.event) : [],
  };
}

/** Clears a cell's output, tags the cell and records, for each new output line matching `pattern`, when it appeared and how the cell looked. */
function watchCell({ index, tag, pattern }) {
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets[index];
  cell.model.outputs.clear(); // the committed notebook may carry the lines already; they must come from this run
  cell.node.dataset.flowbookTest = tag;
  const regex = new RegExp(pattern);
  const seen = [];
  window.__flowbook.lines[tag] = seen;
  const record = () => {
    const stream = [...cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stdout"]')]
      .map((e) => e.innerText).join('\n');
    const lines = stream.split('\n').map((line) => line.trim()).filter((line) => regex.test(line));
    const prompt = cell.node.querySelector('.jp-InputPrompt').innerText;
    const kernel = panel.sessionContext.session.kernel;
    for (let i = seen.length; i < lines.length; i++) {
      seen.push({ line: lines[i], at: Math.round(performance.now()), running: /\[\*\]/.test(prompt),
        kernelBusy: kernel.status === 'busy' });
    }
  };
  new MutationObserver(record).observe(cell.node, { childList: true, subtree: true, characterData: true });
}

/** Adds a code cell with `code` below cell `after`; returns its index. */
async function insertCellBelow({ after, code, tag }) {
  const panel = window.jupyterapp.shell.currentWidget;
  panel.content.activeCellIndex = after;
  await window.jupyterapp.commands.execute('notebook:insert-cell-below');
  const cell = panel.content.activeCell;
  cell.model.sharedModel.setSource(code);
  if (tag) cell.node.dataset.flowbookTest = tag;
  return panel.content.activeCellIndex;
}

// ---------------------------------------------------------------------------------------------

function waitForCell(page, tag, expected, timeout, condition) {
  return harness.waitForCell(page, readCell, tag, expected, timeout, condition);
}

/** Clicks the notebook toolbar's button for `command` (e.g. notebook:interrupt-kernel). */
async function clickToolbar(page, command) {
  await page.locator(`.jp-NotebookPanel-toolbar [data-command="${command}"]`).first().click({ timeout: 5_000 });
}

/** Selects the cell the way a person does (a click on its prompt) and runs it from the toolbar. */
async function runCell(page, tag, index) {
  const cell = page.locator(`[data-flowbook-test="${tag}"]`);
  await cell.scrollIntoViewIfNeeded({ timeout: 5_000 });
  await cell.locator('.jp-InputPrompt').first().click({ timeout: 5_000 });
  const selected = await page.evaluate(() => window.jupyterapp.shell.currentWidget.content.activeCellIndex);
  if (selected !== index) throw new Failure(`cell ${index} selected after clicking its prompt`, { selected });
  await clickToolbar(page, 'notebook:run-cell-and-select-next');
}

async function scenario(page) {
  const url = `${config.baseUrl}/lab/tree/${encodeURIComponent(config.notebook)}?token=${config.token}`;
  log(`opening ${config.baseUrl}/lab/tree/${config.notebook}`);
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });

  log('waiting for JupyterLab to open the notebook on a connected, idle kernel');
  try {
    await page.waitForFunction(() => {
      const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
      const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
      return Boolean(kernel) && panel.context.isReady && kernel.status === 'idle'
        && kernel.connectionStatus === 'connected';
    }, null, { timeout: KERNEL_START, polling: 100 });
  } catch (error) {
    throw new Failure('the notebook open in JupyterLab with its kernel idle', {
      title: await page.title(), body: (await page.innerText('body').catch(() => '')).slice(0, 2000),
      cell: await page.evaluate(readCell, 'none').catch((e) => String(e)) });
  }
  const info = await page.evaluate(async () => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const reply = await kernel.info;
    return { name: kernel.name, protocol: reply.protocol_version, debugger: reply.debugger,
      implementation: reply.implementation };
  });
  if (info.name !== 'flowbook' || info.protocol !== '5.3' || info.debugger !== false) {
    throw new Failure('the kernel "flowbook" saying protocol 5.3 and debugger: false', info);
  }
  log(`kernel "${info.name}" is idle; kernel_info: protocol ${info.protocol}, debugger ${info.debugger}`);
  await page.evaluate(installRecorder);

  const basic = await page.evaluate(() => window.jupyterapp.shell.currentWidget.content.widgets
    .findIndex((cell) => cell.model.type === 'code' && /^\s*main\(\);\s*$/m.test(cell.model.sharedModel.getSource())));
  if (basic < 0) throw new Failure('a code cell with the line `main();` in the notebook', { cell: 'none found' });
  await page.evaluate(watchCell, { index: basic, tag: 'basic', pattern: '^Received: \\d+$' });

  // --- 1. the basic example, line by line ----------------------------------------------------
  log(`running cell ${basic} (main();) from the toolbar`);
  const runAt = await page.evaluate(() => performance.now());
  await runCell(page, 'basic', basic);
  await waitForCell(page, 'basic', '`Received: 0` on the page', FIRST_LINE, (s) => /Received: 0/.test(s.streamText));
  await harness.expectFirstLineLive(page, readCell, '[*]', runAt);
  await screenshot(page, 'lab-1-basic-example-mid-stream.png');

  const end = await waitForCell(page, 'basic', 'the cell to finish (prompt [n]) with the kernel idle', CELL_END,
    (s) => s.finished && s.kernelIdle);
  await harness.expectEveryLineLive(page, end);
  await screenshot(page, 'lab-2-basic-example-done.png');

  // --- 2. an infinite generator, stopped with the toolbar's interrupt ------------------------
  const ticks = await page.evaluate(insertCellBelow, { after: basic, code: INFINITE_GENERATOR });
  await page.evaluate(watchCell, { index: ticks, tag: 'ticks', pattern: '^tick \\d+$' });
  log(`running a new cell ${ticks}: an infinite generator as the cell's value`);
  await runCell(page, 'ticks', ticks);
  await harness.expectInterruptStopsTicks(page, {
    readCell, running: '[*]', finished: '[n]', sameKernel: true,
    interrupt: () => clickToolbar(page, 'notebook:interrupt-kernel'),
    screenshot: (name) => screenshot(page, name), streamingScreenshot: 'lab-3-infinite-generator-streaming.png',
  });
  await screenshot(page, 'lab-4-infinite-generator-interrupted.png');

  // --- 3. the kernel is still usable ---------------------------------------------------------
  const next = await page.evaluate(insertCellBelow, { after: ticks, code: '1 + 1', tag: 'next' });
  log(`running a new cell ${next}: 1 + 1`);
  await runCell(page, 'next', next);
  const result = await waitForCell(page, 'next', 'the cell `1 + 1` to finish with the result 2', SMALL_CELL,
    (s) => s.finished && s.kernelIdle && s.resultText !== null);
  if (result.resultText !== '2' || result.errorText || !result.sameKernel) {
    throw new Failure('`1 + 1` to show the result 2 on the same kernel', result);
  }
  log(`1 + 1 = ${result.resultText}; prompt ${result.prompt}`);
  await screenshot(page, 'lab-5-kernel-usable-after-interrupt.png');
}

run(scenario, (page) => page.evaluate(readCell, 'basic'));
