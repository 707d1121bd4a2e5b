// Widgets in JupyterLab 4 (the container image's, with Debian 13's jupyterlab-widgets 8.1.5), in
// headless Chromium, driven by Playwright.
//
// A notebook on the Flowbook kernel whose cell shows an IntSlider and a Stop button and then runs a
// generator that prints one line per item at the slider's rate (items per second), until Stop is
// clicked or its natural end, ten minutes away.
// 1. The slider and the button render as widgets: no "Error displaying widget", no console error.
// 2. Dragging the slider's handle while the cell runs changes the rate the cell prints (the next
//    lines say the slider's new value) before the cell ends.
// 3. Clicking Stop while the cell runs ends the stream: the cell finishes, its last line says the
//    button stopped it, and the kernel is idle.
// 4. After the notebook is saved and the page reloaded, the slider and the button render again
//    from the kernel's state (jupyter.widget.control's request_states), the slider at the value it
//    was dragged to, with no error; and the slider still acts: a key press on its handle changes
//    the value a new cell reads.
'use strict';

const harness = require('./harness');
const lab = require('./lab');

const { log, Failure, run, screenshot } = harness;
const { readCell, waitForCell } = lab;
const config = harness.server();

const KERNEL_START = 120_000;
const FIRST_LINES = 60_000; // JShell compiles the cell first; the widgets show before the first item
const RATE_CHANGE = 15_000;
const STOP = 10_000; // the next item after the click ends it: at most a second at the slowest rate
const SMALL_CELL = 30_000;

const START_RATE = 2;
const WIDGET_CELL = [
  'var rate = new IntSlider().min(1).max(10).value(' + START_RATE + ').description("items/s");',
  'var stop = new Button("Stop");',
  'display(rate);',
  'display(stop);',
  '// Prints one line per item at the slider\'s rate until Stop is clicked (or ten minutes pass).',
  'long items = AsyncGenerator.<String>of(out -> {',
  '    for (int i = 1; i <= 6_000; i++) {',
  '        int perSecond = rate.value();',
  '        await(sleep(Duration.ofMillis(1000 / perSecond)));',
  '        out.yield("item " + i + " at " + perSecond + "/s");',
  '    }',
  '}).takeWhile(item -> !stop.clicked())',
  '  .map(item -> { System.out.println(item); return item; })',
  '  .toList().size();',
  'System.out.println((stop.clicked() ? "stopped by the button after " : "ran to the end: ")',
  '    + items + " items");',
].join('\n');

/** The widgets the cell `tag` shows: sliders (value, handle box), buttons, error texts. */
function readWidgets(tag) {
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets.find((c) => c.node.dataset.flowbookTest === tag);
  const outputs = cell ? [...cell.node.querySelectorAll('.jp-OutputArea-output')] : [];
  const sliders = cell ? [...cell.node.querySelectorAll('.widget-slider')] : [];
  const buttons = cell ? [...cell.node.querySelectorAll('button.jupyter-button')] : [];
  return {
    sliders: sliders.map((s) => ({
      readout: (s.querySelector('.widget-readout') || {}).innerText,
      description: (s.querySelector('.widget-label') || {}).innerText,
    })),
    buttons: buttons.map((b) => b.innerText.trim()),
    errors: outputs.map((o) => o.innerText).filter((text) => /Error displaying widget|Model not found/i.test(text)),
    loading: outputs.map((o) => o.innerText).filter((text) => /Loading widget/i.test(text)),
  };
}

/** The rates the printed item lines name, in order. */
function ratesPrinted(streamText) {
  return [...streamText.matchAll(/^item \d+ at (\d+)\/s$/gm)].map((m) => Number(m[1]));
}

/** Waits until cell `tag` shows one slider and one Stop button with no error; returns readWidgets. */
async function widgetsShown(page, tag, expected, timeout) {
  const until = Date.now() + timeout;
  for (;;) {
    const widgets = await page.evaluate(readWidgets, tag);
    if (widgets.errors.length > 0) throw new Failure(`${expected}, with no "Error displaying widget"`, widgets);
    if (widgets.sliders.length === 1 && widgets.buttons.length === 1 && widgets.buttons[0] === 'Stop') return widgets;
    if (Date.now() > until) {
      throw new Failure(`${expected} within ${timeout / 1000}s`, { widgets, cell: await page.evaluate(readCell, tag) });
    }
    await page.waitForTimeout(100);
  }
}

function expectNoConsoleErrors(errors, when) {
  if (errors.length > 0) throw new Failure(`no error in the browser's console ${when}`, { consoleErrors: errors });
}

async function scenario(page) {
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url || '';
    // JupyterLab 4.0's LSP front end asks for a server extension Debian 13 does not ship
    // (jupyter-lsp): one 404 per page load, nothing to do with widgets.
    if (/Failed to load resource/.test(message.text()) && /\/lsp\/status/.test(where)) return;
    consoleErrors.push(`${message.text()} ${where}`.trim());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));

  await lab.createNotebook(config, config.notebook, { name: 'flowbook', display_name: 'Java (Flowbook)' },
    [WIDGET_CELL, 'rate.value()']);
  await lab.openNotebook(page, config, 'flowbook', KERNEL_START);
  await page.evaluate(lab.installRecorder);
  await page.evaluate(lab.tagCell, { index: 0, tag: 'widgets' });
  await page.evaluate(lab.tagCell, { index: 1, tag: 'value' });
  await page.evaluate(() => window.jupyterapp.shell.collapseLeft()); // the notebook alone in the pictures
  const kernelId = await page.evaluate(() => window.__flowbook.kernelId);

  // --- 1. the widgets render ---------------------------------------------------------------------
  log('running the widget cell from the toolbar');
  await lab.runCell(page, 'widgets', 0);
  await widgetsShown(page, 'widgets', 'a slider and a Stop button shown as widgets', FIRST_LINES);
  const first = await waitForCell(page, 'widgets', `two items printed at ${START_RATE}/s while the cell runs`,
    FIRST_LINES, (s) => ratesPrinted(s.streamText).length >= 2);
  if (!first.running || ratesPrinted(first.streamText).some((r) => r !== START_RATE)) {
    throw new Failure(`the items printed at ${START_RATE}/s while the cell runs (prompt [*])`, first);
  }
  expectNoConsoleErrors(consoleErrors, 'after the widgets rendered');
  log(`slider and Stop button shown; items printed at ${START_RATE}/s`);

  // --- 2. dragging the slider changes the rate the running cell prints ---------------------------
  const handle = page.locator('[data-flowbook-test="widgets"] .widget-slider .noUi-handle').first();
  const track = page.locator('[data-flowbook-test="widgets"] .widget-slider .noUi-base').first();
  const from = await handle.boundingBox();
  const to = await track.boundingBox();
  if (!from || !to) throw new Failure('the slider\'s handle and track on the page', { from, to });
  log('dragging the slider\'s handle to the right end of its track');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width * 0.75, from.y + from.height / 2, { steps: 8 });
  await page.mouse.move(to.x + to.width + 20, from.y + from.height / 2, { steps: 4 });
  await page.mouse.up();
  const dragged = Number((await page.evaluate(readWidgets, 'widgets')).sliders[0].readout);
  if (!(dragged > START_RATE)) {
    throw new Failure(`the slider's readout above ${START_RATE} after the drag`, await page.evaluate(readWidgets, 'widgets'));
  }
  const changed = await waitForCell(page, 'widgets', `an item printed at ${dragged}/s (the slider's new value)`,
    RATE_CHANGE, (s) => ratesPrinted(s.streamText).includes(dragged));
  if (!changed.running) {
    throw new Failure(`the rate printed to change while the cell still runs (prompt [*])`, changed);
  }
  log(`slider dragged to ${dragged}: the running cell now prints items at ${dragged}/s`);
  await waitForCell(page, 'widgets', `three items at ${dragged}/s`, RATE_CHANGE,
    (s) => ratesPrinted(s.streamText).filter((r) => r === dragged).length >= 3);
  await screenshot(page, 'lab-widgets-1-rate-changed.png');

  // --- 3. Stop ends the stream while it runs ------------------------------------------------------
  const before = await page.evaluate(readCell, 'widgets');
  if (!before.running) throw new Failure('the cell still running when Stop is clicked', before);
  log('clicking Stop');
  await page.locator('[data-flowbook-test="widgets"] button.jupyter-button', { hasText: 'Stop' }).click({ timeout: 5_000 });
  const stopped = await waitForCell(page, 'widgets', 'the cell to finish after Stop, the kernel idle', STOP,
    (s) => s.finished && s.kernelIdle);
  const last = stopped.streamText.trim().split('\n').pop();
  const items = ratesPrinted(stopped.streamText).length;
  if (!/^stopped by the button after \d+ items$/.test(last) || stopped.errorText) {
    throw new Failure('the last line to say `stopped by the button after N items`', stopped);
  }
  log(`Stop ended the stream: "${last}" (${items} item lines); prompt ${stopped.prompt}`);
  await screenshot(page, 'lab-widgets-2-stopped.png');
  expectNoConsoleErrors(consoleErrors, 'after Stop');

  // --- 4. a reload brings the widgets back from the kernel ---------------------------------------
  log('saving the notebook');
  await page.evaluate(() => window.jupyterapp.commands.execute('docmanager:save'));
  await page.waitForFunction(() => !window.jupyterapp.shell.currentWidget.context.model.dirty, null, { timeout: 10_000 });
  const saved = await lab.readNotebook(config, config.notebook);
  if (saved.metadata.widgets) {
    // JupyterLab's "save widget state" is off by default: the views must come back from the kernel.
    throw new Failure('no widget state saved in the notebook (the views must come from the kernel)', saved.metadata);
  }
  await lab.openNotebook(page, config, 'flowbook', KERNEL_START, { reload: true });
  await page.evaluate(lab.installRecorder);
  if (await page.evaluate(() => window.__flowbook.kernelId) !== kernelId) {
    throw new Failure('the same kernel after the reload (its session kept)', { before: kernelId });
  }
  await page.evaluate(lab.tagCell, { index: 0, tag: 'widgets' });
  await page.evaluate(lab.tagCell, { index: 1, tag: 'value' });
  await page.evaluate(() => window.jupyterapp.shell.collapseLeft());
  const back = await widgetsShown(page, 'widgets', 'the slider and the Stop button shown again after the reload', SMALL_CELL);
  if (Number(back.sliders[0].readout) !== dragged) {
    throw new Failure(`the slider shown again at ${dragged}, its value in the kernel`, back);
  }
  log(`after the reload: slider at ${back.sliders[0].readout} and the Stop button rendered from the kernel's state`);
  await screenshot(page, 'lab-widgets-3-after-reload.png');

  // The views are live: a key press on the handle reaches the kernel.
  await page.locator('[data-flowbook-test="widgets"] .widget-slider .noUi-handle').first().focus({ timeout: 5_000 });
  await page.keyboard.press('ArrowLeft');
  const moved = Number((await page.evaluate(readWidgets, 'widgets')).sliders[0].readout);
  if (moved !== dragged - 1) throw new Failure(`ArrowLeft on the handle to set the slider to ${dragged - 1}`, { moved });
  await lab.runCell(page, 'value', 1);
  const value = await waitForCell(page, 'value', 'the cell `rate.value()` to finish with a result', SMALL_CELL,
    (s) => s.finished && s.kernelIdle && s.resultText !== null);
  if (value.resultText !== String(moved) || !value.sameKernel) {
    throw new Failure(`rate.value() to be ${moved} (the slider moved after the reload), on the same kernel`, value);
  }
  log(`ArrowLeft on the slider after the reload: rate.value() is ${value.resultText}`);
  expectNoConsoleErrors(consoleErrors, 'after the reload');
}

run(scenario, (page) => page.evaluate(readCell, 'widgets'), {
  name: 'flowbook-lab-widgets', consoleLog: 'lab-widgets-console.log', failureScreenshot: 'failure-lab-widgets.png',
});
