// JupyterLab 4's debugger on Flowbook (the container image's kernelspec flowbook-debugger, "Java
// (Flowbook, debugger)"), in headless Chromium, driven by Playwright, the way a person debugs a
// generator:
// 1. The notebook opens on flowbook-debugger; kernel_info says debugger: true. The bug icon in the
//    notebook's toolbar turns the debugger on and opens its sidebar.
// 2. Two breakpoints clicked in the cell's gutter: one on a cell line (the forEach that consumes
//    the generator) and one inside the generator's body (an AsyncGenerator.of(out -> {...}) lambda);
//    the Breakpoints panel lists both.
// 3. Run: the cell stops on the cell line: that line is highlighted in the editor, the call stack
//    shows the frame, the prompt shows [*].
// 4. Continue: it stops inside the body: its line highlighted, the Variables panel shows the
//    body's local `n` = 0, the call stack the body's frame.
// 5. Next (step over): the next line of the body is highlighted, the Variables panel shows the
//    new local `squared` (docs/lab-debugger.png).
// 6. The cell line's breakpoint clicked away in the gutter, Continue: the body's breakpoint is hit
//    again, now with `n` = 1; Continue: again with `n` = 2; Continue lets the cell finish: its
//    output is the three items, the same kernel, the call stack empty, no line highlighted.
'use strict';

const harness = require('./harness');
const lab = require('./lab');

const { log, Failure, run, screenshot } = harness;
const { readCell, waitForCell } = lab;
const config = harness.server();

const KERNEL_START = 120_000;
const STOP = 60_000; // JShell compiles the cell's snippets first; each is armed as its class loads
const STEP = 30_000;
const CELL_END = 30_000;

const CELL = [
  'int start = 10;',
  'AsyncGenerator<Integer> squares = AsyncGenerator.of(out -> {',
  '    for (int n = 0; n < 3; n++) {',
  '        int squared = start + n * n;',
  '        out.yield(squared);',
  '    }',
  '});',
  'squares.forEach(v -> System.out.println("got " + v));',
].join('\n');
const CELL_LINE = 8; // squares.forEach(...)
const BODY_LINE = 4; // int squared = ...
const EXPECTED_OUTPUT = ['got 10', 'got 11', 'got 14'];

/**
 * What the debugger shows: the highlighted line(s) of cell `tag` (1-based), the breakpoint markers
 * in its gutter, and the sidebar's Breakpoints, Call Stack and Variables panels as text.
 */
function readDebugger(tag) {
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets.find((c) => c.node.dataset.flowbookTest === tag);
  const lines = cell ? [...cell.node.querySelectorAll('.cm-content .cm-line')] : [];
  const numbered = (predicate) => lines.map((line, i) => (predicate(line) ? i + 1 : 0)).filter(Boolean);
  const gutter = cell ? [...cell.node.querySelectorAll('.cm-breakpoint-gutter .cm-gutterElement')] : [];
  const sidebar = document.getElementById('jp-debugger-sidebar');
  const text = (selector) => [...document.querySelectorAll(selector)].map((e) => e.innerText.trim());
  const button = panel.node.querySelector('.jp-DebuggerBugButton');
  return {
    bugButton: button ? { pressed: button.getAttribute('aria-pressed'), disabled: button.disabled,
      title: button.title } : null,
    sidebarVisible: Boolean(sidebar) && sidebar.offsetParent !== null && !sidebar.classList.contains('lm-mod-hidden'),
    highlighted: numbered((line) => line.classList.contains('jp-DebuggerEditor-highlight')),
    markers: gutter.filter((e) => e.innerText.trim() || e.querySelector('*')).length,
    breakpoints: text('.jp-DebuggerBreakpoints .jp-DebuggerBreakpoint'),
    frames: text('.jp-DebuggerCallstack .jp-DebuggerCallstackFrame'),
    variables: text('.jp-DebuggerVariables-body').join('\n'),
  };
}

/** The line's position: where its breakpoint gutter is, at the height of line `line` of cell `tag`. */
function gutterPoint({ tag, line }) {
  const panel = window.jupyterapp.shell.currentWidget;
  const cell = panel.content.widgets.find((c) => c.node.dataset.flowbookTest === tag);
  const target = cell.node.querySelectorAll('.cm-content .cm-line')[line - 1].getBoundingClientRect();
  const gutter = cell.node.querySelector('.cm-breakpoint-gutter').getBoundingClientRect();
  return { x: gutter.left + gutter.width / 2, y: target.top + target.height / 2 };
}

async function waitForDebugger(page, expected, timeout, condition) {
  const until = Date.now() + timeout;
  for (;;) {
    const shown = await page.evaluate(readDebugger, 'debug');
    const cell = await page.evaluate(readCell, 'debug');
    if (cell.kernelEvents.length > 0 || cell.dialogs.length > 0) {
      throw new Failure(`${expected} (but the kernel reported trouble or a dialog shows)`, { shown, cell });
    }
    if (condition(shown, cell)) return shown;
    if (Date.now() > until) throw new Failure(`${expected} within ${timeout / 1000}s`, { shown, cell });
    await page.waitForTimeout(100);
  }
}

/** Clicks the breakpoint gutter beside line `line` of the cell (sets or removes a breakpoint). */
async function clickGutter(page, line) {
  const point = await page.evaluate(gutterPoint, { tag: 'debug', line });
  await page.mouse.click(point.x, point.y);
}

/** Clicks the Call Stack panel's button whose title starts with `title` (Continue, Next, ...). */
async function clickDebuggerButton(page, title) {
  await page.locator(`#jp-debugger-sidebar [title^="${title}"]`).first().click({ timeout: 5_000 });
}

/** Whether the Variables panel shows `name` with `value`, as `name: value` or in columns. */
function showsVariable(variables, name, value) {
  return new RegExp(`(^|\\n|\\s)${name}\\s*:?\\s+${value}(\\s|$)`).test(variables);
}

async function scenario(page) {
  await lab.createNotebook(config, config.notebook,
    { name: 'flowbook-debugger', display_name: 'Java (Flowbook, debugger)' }, [CELL]);
  const info = await lab.openNotebook(page, config, 'flowbook-debugger', KERNEL_START);
  if (info.debugger !== true) throw new Failure('kernel_info to say debugger: true', info);
  log(`kernel "${info.name}" is idle; kernel_info: debugger ${info.debugger}`);
  await page.evaluate(lab.installRecorder);
  await page.evaluate(lab.tagCell, { index: 0, tag: 'debug' });
  await page.evaluate(() => window.jupyterapp.shell.collapseLeft());

  // --- 1. the bug icon turns the debugger on -----------------------------------------------------
  const panel = await lab.currentPanel(page);
  const bug = panel.locator('.jp-NotebookPanel-toolbar .jp-DebuggerBugButton').first();
  await waitForDebugger(page, 'the bug icon in the notebook toolbar, enabled', 30_000,
    (d) => d.bugButton && !d.bugButton.disabled);
  log('clicking the bug icon in the notebook toolbar');
  await bug.click({ timeout: 5_000 });
  await waitForDebugger(page, 'the debugger on (bug icon pressed) and its sidebar shown', 30_000,
    (d) => d.bugButton.pressed === 'true' && d.sidebarVisible);
  log('debugger on, sidebar open');
  // The sidebar made wider (its split handle dragged), so that the picture shows the frames' names.
  const split = page.locator('#jp-main-split-panel > .lm-SplitPanel-handle:not(.lm-mod-hidden)').last();
  const box = await split.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 200, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }

  // --- 2. breakpoints clicked in the gutter ------------------------------------------------------
  await clickGutter(page, CELL_LINE);
  await waitForDebugger(page, `a breakpoint on line ${CELL_LINE} in the Breakpoints panel`, 15_000,
    (d) => d.breakpoints.length === 1);
  await clickGutter(page, BODY_LINE);
  const set = await waitForDebugger(page, 'two breakpoints in the Breakpoints panel', 15_000,
    (d) => d.breakpoints.length === 2);
  log(`breakpoints set on lines ${CELL_LINE} and ${BODY_LINE}: ${JSON.stringify(set.breakpoints)}`);

  // --- 3. run: stopped on the cell line ----------------------------------------------------------
  log('running the cell from the toolbar');
  await lab.runCell(page, 'debug', 0);
  const atCellLine = await waitForDebugger(page, `the cell stopped at line ${CELL_LINE}, highlighted, with a call stack`,
    STOP, (d) => d.highlighted.includes(CELL_LINE) && d.frames.length > 0);
  const running = await page.evaluate(readCell, 'debug');
  if (!running.running || running.streamText) {
    throw new Failure('the cell still running ([*]) with no output while stopped before the forEach', running);
  }
  log(`stopped at line ${CELL_LINE}; call stack: ${JSON.stringify(atCellLine.frames)}`);
  await screenshot(page, 'lab-debugger-1-stopped-on-cell-line.png');

  // --- 4. continue: stopped inside the generator body --------------------------------------------
  log('Continue');
  await clickDebuggerButton(page, 'Continue');
  const inBody = await waitForDebugger(page, `a stop inside the generator body at line ${BODY_LINE} with n = 0`, STEP,
    (d) => d.highlighted.includes(BODY_LINE) && d.frames.length > 0 && showsVariable(d.variables, 'n', '0'));
  log(`stopped in the body at line ${BODY_LINE}; variables: ${inBody.variables.replace(/\n/g, ' | ')}; `
    + `call stack: ${JSON.stringify(inBody.frames)}`);
  await screenshot(page, 'lab-debugger-2-stopped-in-generator-body.png');

  // --- 5. next: the next line, the new local -----------------------------------------------------
  log('Next (step over)');
  await clickDebuggerButton(page, 'Next');
  const stepped = await waitForDebugger(page, `the step to line ${BODY_LINE + 1} with squared = 10`, STEP,
    (d) => d.highlighted.includes(BODY_LINE + 1) && showsVariable(d.variables, 'squared', '10'));
  log(`stepped to line ${BODY_LINE + 1}; variables: ${stepped.variables.replace(/\n/g, ' | ')}`);
  await screenshot(page, 'lab-debugger-3-stepped.png');

  // --- 6. continue: the body's breakpoint again, then run to the end -----------------------------
  // Line 8 also holds the consumer's lambda (v -> ...), which each item would stop in: its
  // breakpoint goes first.
  log(`removing the breakpoint on line ${CELL_LINE} (a click in the gutter), Continue`);
  await clickGutter(page, CELL_LINE);
  await waitForDebugger(page, 'one breakpoint left in the Breakpoints panel', 15_000, (d) => d.breakpoints.length === 1);
  await clickDebuggerButton(page, 'Continue');
  await waitForDebugger(page, `the body's breakpoint hit again at line ${BODY_LINE} with n = 1`, STEP,
    (d) => d.highlighted.includes(BODY_LINE) && showsVariable(d.variables, 'n', '1'));
  // Continue through the last item too. (Two runs on JDK 25 failed here, when a stop reached
  // JupyterLab before the response to Continue: JupyterLab then cleared the new stop's variables.
  // The kernel now resumes a thread only after that response has gone out.)
  log(`stopped again at line ${BODY_LINE} with n = 1; Continue`);
  await clickDebuggerButton(page, 'Continue');
  await waitForDebugger(page, `the body's breakpoint hit for the last item, n = 2`, STEP,
    (d) => d.highlighted.includes(BODY_LINE) && showsVariable(d.variables, 'n', '2'));
  log(`stopped at line ${BODY_LINE} with n = 2, the last item; Continue`);
  await clickDebuggerButton(page, 'Continue');
  const end = await waitForCell(page, 'debug', 'the cell to finish with the kernel idle', CELL_END,
    (s) => s.finished && s.kernelIdle);
  const output = end.streamText.split('\n').map((line) => line.trim()).filter(Boolean);
  if (JSON.stringify(output) !== JSON.stringify(EXPECTED_OUTPUT) || end.errorText || !end.sameKernel) {
    throw new Failure(`the cell's output to be ${EXPECTED_OUTPUT.join(' | ')}, on the same kernel`, { output, ...end });
  }
  const after = await waitForDebugger(page, 'the call stack empty and no line highlighted once the cell ended', 10_000,
    (d) => d.frames.length === 0 && d.highlighted.length === 0);
  log(`the cell finished: ${output.join(' | ')}; prompt ${end.prompt}; call stack empty (${after.frames.length})`);
  await screenshot(page, 'lab-debugger-4-finished.png');
}

run(scenario, (page) => page.evaluate(readDebugger, 'debug'), {
  name: 'flowbook-lab-debugger', consoleLog: 'lab-debugger-console.log', failureScreenshot: 'failure-lab-debugger.png',
  viewport: { width: 1400, height: 900 },
});
