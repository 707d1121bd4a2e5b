// What the JupyterLab 4 tests share: a notebook made through the server's contents API, opening it
// and waiting for its kernel, the in-page readers (a cell's prompt and output, the kernel's state)
// and the toolbar. The in-page functions run inside JupyterLab, where `window.jupyterapp` is the
// application (install/container-test.sh starts JupyterLab with --LabApp.expose_app_in_browser and
// the notebook's windowing off, so every cell is in the page).
'use strict';

const harness = require('./harness');

const { log, Failure } = harness;

/**
 * Writes a notebook of code cells `sources` for kernel `kernel` ({name, display_name}) at `notebook`
 * (a path under the server's root) through the contents API, replacing one left by an earlier run.
 */
async function createNotebook(server, notebook, kernel, sources) {
  const content = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { ...kernel, language: 'java' }, language_info: { name: 'java' } },
    cells: sources.map((source, i) => ({
      cell_type: 'code', id: `flowbook-test-${i}`, metadata: {}, execution_count: null, outputs: [], source,
    })),
  };
  const response = await fetch(`${server.baseUrl}/api/contents/${encodeURIComponent(notebook)}`, {
    method: 'PUT',
    headers: { Authorization: `token ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'notebook', format: 'json', content }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    throw new Failure(`the server to save ${notebook} (contents API)`, { status: response.status, body: await response.text() });
  }
}

/** The notebook at `notebook` as the server has it saved (nbformat JSON). */
async function readNotebook(server, notebook) {
  const response = await fetch(`${server.baseUrl}/api/contents/${encodeURIComponent(notebook)}?content=1`, {
    headers: { Authorization: `token ${server.token}` }, signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Failure(`the server to return ${notebook}`, { status: response.status });
  return (await response.json()).content;
}

/**
 * Opens `server.notebook` in JupyterLab (or reloads the page when `reload`) and waits until it is
 * open on a connected, idle kernel named `kernelName`; returns kernel_info's
 * {name, protocol, debugger, implementation}.
 */
async function openNotebook(page, server, kernelName, timeout, { reload = false } = {}) {
  if (reload) {
    log('reloading the page');
    await page.reload({ waitUntil: 'load', timeout: 60_000 });
  } else {
    // A workspace of its own, reset: only this notebook open, whatever an earlier test left open.
    const workspace = `flowbook-${server.notebook.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const url = `${server.baseUrl}/lab/workspaces/${workspace}/tree/${encodeURIComponent(server.notebook)}`
      + `?reset&token=${server.token}`;
    log(`opening ${server.baseUrl}/lab/tree/${server.notebook}`);
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  }
  log('waiting for JupyterLab to open the notebook on a connected, idle kernel');
  try {
    await page.waitForFunction(() => {
      const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
      const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
      return Boolean(kernel) && panel.context.isReady && kernel.status === 'idle'
        && kernel.connectionStatus === 'connected';
    }, null, { timeout, polling: 100 });
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
  if (info.name !== kernelName) throw new Failure(`the notebook's kernel to be "${kernelName}"`, info);
  return info;
}

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
    widgetText: text('application/vnd.jupyter.widget-view+json'),
    kernelName: kernel ? kernel.name : null,
    kernelStatus: kernel ? kernel.status : 'no kernel',
    kernelIdle: Boolean(kernel) && kernel.status === 'idle' && kernel.connectionStatus === 'connected',
    kernelBusy: Boolean(kernel) && kernel.status === 'busy',
    sameKernel: Boolean(kernel) && Boolean(window.__flowbook) && kernel.id === window.__flowbook.kernelId,
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map((d) => d.innerText.trim()),
    kernelEvents: window.__flowbook ? window.__flowbook.kernelEvents.map((e) => e.event) : [],
  };
}

/** Tags cell `index` as `tag` (what readCell and runCell find it by). */
function tagCell({ index, tag }) {
  window.jupyterapp.shell.currentWidget.content.widgets[index].node.dataset.flowbookTest = tag;
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

function waitForCell(page, tag, expected, timeout, condition) {
  return harness.waitForCell(page, readCell, tag, expected, timeout, condition);
}

/** The open notebook's panel, as a Playwright locator. */
async function currentPanel(page) {
  const id = await page.evaluate(() => window.jupyterapp.shell.currentWidget.id);
  return page.locator(`[id="${id}"]`);
}

/** Clicks the open notebook's toolbar button for `command` (e.g. notebook:interrupt-kernel). */
async function clickToolbar(page, command) {
  await (await currentPanel(page)).locator(`.jp-NotebookPanel-toolbar [data-command="${command}"]`).first()
    .click({ timeout: 5_000 });
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

module.exports = {
  createNotebook, readNotebook, openNotebook, installRecorder, readCell, tagCell, watchCell, insertCellBelow, waitForCell,
  currentPanel, clickToolbar, runCell,
};
