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
const lab = require('./lab');

const { log, Failure, run, screenshot, live } = harness;
const { readCell, watchCell, insertCellBelow, waitForCell, clickToolbar, runCell } = lab;
const { KERNEL_START, FIRST_LINE, CELL_END, SMALL_CELL, INFINITE_GENERATOR } = live;
const config = harness.server();

async function scenario(page) {
  const info = await lab.openNotebook(page, config, 'flowbook', KERNEL_START);
  if (info.name !== 'flowbook' || info.protocol !== '5.3' || info.debugger !== false) {
    throw new Failure('the kernel "flowbook" saying protocol 5.3 and debugger: false', info);
  }
  log(`kernel "${info.name}" is idle; kernel_info: protocol ${info.protocol}, debugger ${info.debugger}`);
  await page.evaluate(lab.installRecorder);

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
