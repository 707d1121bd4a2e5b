// What the browser tests share: their settings from the environment, headless Chromium with a
// profile of its own, one deadline for the whole test, a failure report with what the page showed,
// screenshots, Chromium closed on every exit (also on SIGTERM/SIGINT), and the checks the two
// live-output tests (classic Notebook, JupyterLab) make of the basic example's lines.
//
// The environment (the shell script that runs the test sets it):
// FLOWBOOK_CHROMIUM, FLOWBOOK_BROWSER_PROFILE (a fresh, empty directory),
// FLOWBOOK_BROWSER_OUTPUT (screenshots and logs), FLOWBOOK_BROWSER_TIMEOUT (seconds, whole test);
// the tests against a Jupyter server also FLOWBOOK_BASE_URL, FLOWBOOK_TOKEN and FLOWBOOK_NOTEBOOK
// (path under the server's root), read by server().
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`flowbook-browser: ${name} is not set; run this test through its install/ script`);
    process.exit(2);
  }
  return value;
}

const config = {
  chromium: required('FLOWBOOK_CHROMIUM'),
  profile: required('FLOWBOOK_BROWSER_PROFILE'),
  output: required('FLOWBOOK_BROWSER_OUTPUT'),
  timeout: process.env.FLOWBOOK_BROWSER_TIMEOUT,
};

/** The Jupyter server the test talks to: {baseUrl, token, notebook}; exits with 2 when one is not set. */
function server() {
  return {
    baseUrl: required('FLOWBOOK_BASE_URL'),
    token: required('FLOWBOOK_TOKEN'),
    notebook: required('FLOWBOOK_NOTEBOOK'),
  };
}

const started = Date.now();
let logName = 'flowbook-browser';
function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`${logName} [${seconds}s] ${message}`);
}

/** A check that failed: what was expected, and what the page showed instead. */
class Failure extends Error {
  constructor(expected, found) {
    super(`expected: ${expected}`);
    this.expected = expected;
    this.found = found;
  }
}

/**
 * Runs `scenario(page, context)` in headless Chromium within FLOWBOOK_BROWSER_TIMEOUT seconds and
 * exits with 0 when it passed. On a timeout, `describe(page)` says what the page showed. Options:
 * `name` (the log lines' prefix), `timeoutSeconds` (without FLOWBOOK_BROWSER_TIMEOUT), `viewport`,
 * `args` (more Chromium switches), `consoleLog` and `failureScreenshot` (file names in the output).
 */
function run(scenario, describe, options = {}) {
  const settings = {
    name: 'flowbook-browser', timeoutSeconds: 300, viewport: { width: 1200, height: 820 }, args: [],
    consoleLog: 'browser-console.log', failureScreenshot: 'failure.png', ...options,
  };
  if (config.timeout) settings.timeoutSeconds = Number(config.timeout);
  logName = settings.name;
  main(scenario, describe, settings).then((code) => process.exit(code), (error) => {
    console.error(`${settings.name}: FAILED: ${error.stack || error}`);
    process.exit(1);
  });
}

async function main(scenario, describe, settings) {
  fs.mkdirSync(config.output, { recursive: true });
  const consoleLog = fs.createWriteStream(path.join(config.output, settings.consoleLog));
  const context = await chromium.launchPersistentContext(config.profile, {
    executablePath: config.chromium,
    headless: true,
    timeout: 60_000,
    viewport: settings.viewport,
    // Without these Chromium reaches for the network (updates, sync, QUIC probes) and can hang
    // on a machine that has none.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...settings.args],
  });
  let page;
  let deadline;
  let stopping = false; // a signal arrived: say so once, skip the failure report
  // A hard stop in case closing the browser hangs too; the shell script's timeout is the last resort.
  const backstop = setTimeout(() => process.exit(1), (settings.timeoutSeconds + 20) * 1000);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, async () => {
      stopping = true;
      console.error(`${settings.name}: ${signal}: closing the browser`);
      await Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      process.exit(1);
    });
  }
  try {
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.message}\n`));
    const overall = new Promise((resolve, reject) => {
      deadline = setTimeout(async () => {
        const found = await describe(page).catch((error) => ({ page: String(error) }));
        reject(new Failure(`the whole test to finish within ${settings.timeoutSeconds}s`, found));
      }, settings.timeoutSeconds * 1000);
    });
    await Promise.race([scenario(page, context), overall]);
    log('all checks passed');
    return 0;
  } catch (error) {
    if (!stopping) await reportFailure(page, error, settings);
    return 1;
  } finally {
    clearTimeout(deadline);
    await context.close().catch(() => {});
    clearTimeout(backstop);
    consoleLog.end();
  }
}

async function reportFailure(page, error, settings) {
  console.error('');
  console.error(`${settings.name}: FAILED`);
  if (error instanceof Failure) {
    console.error(`  ${error.message}`);
    console.error('  found on the page:');
    for (const line of JSON.stringify(error.found, null, 2).split('\n')) console.error(`    ${line}`);
  } else {
    console.error(`  ${error.stack || error}`);
  }
  if (page) {
    const file = path.join(config.output, settings.failureScreenshot);
    await page.screenshot({ path: file, timeout: 10_000 }).then(
      () => console.error(`  screenshot of the page: ${file}`),
      () => {});
  }
}

/** Saves a screenshot of the viewport, or of `clip` ({x, y, width, height}) when given. */
async function screenshot(page, name, clip) {
  const file = path.join(config.output, name);
  await page.screenshot({ path: file, clip, timeout: 10_000 });
  log(`screenshot ${file}`);
}

/**
 * Waits until `condition(readCell(tag))` holds, reading the page every 50 ms; fails at once when
 * the kernel reported trouble or a dialog shows, and on timeout with `expected` and what the cell
 * showed. `readCell` runs in the page and returns at least `kernelEvents` and `dialogs`.
 */
async function waitForCell(page, readCell, tag, expected, timeout, condition) {
  const until = Date.now() + timeout;
  let state;
  for (;;) {
    state = await page.evaluate(readCell, tag);
    if (state.kernelEvents.length > 0) {
      throw new Failure(`${expected} (but the kernel reported: ${state.kernelEvents.join(', ')})`, state);
    }
    if (state.dialogs.length > 0) throw new Failure(`${expected} (but the page shows a dialog)`, state);
    if (condition(state)) return state;
    if (Date.now() > until) throw new Failure(`${expected} within ${timeout / 1000}s`, state);
    await page.waitForTimeout(50);
  }
}

/** The lines the page's recorder saw appear in cell `tag`: {line, at, running, kernelBusy}. */
async function recordedLines(page, tag) {
  return page.evaluate((t) => window.__flowbook.lines[t], tag);
}


// --- what the live-output tests (classic Notebook, JupyterLab) share ------------------------------

/** Bounds for each wait, in milliseconds, and the cells the live-output tests run. */
const live = {
  KERNEL_START: 120_000, // the JVM, JShell and the first kernel_info
  FIRST_LINE: 20_000, // Received: 0 comes after one second of sleep
  CELL_END: 20_000, // the basic example takes three seconds
  INTERRUPT: 10_000, // DESIGN asks for one second; the browser gets slack
  QUIET_AFTER_INTERRUPT: 1_500, // nothing may arrive after the cell stopped
  SMALL_CELL: 30_000,
  // Lines further apart than this arrived live; all at once would be a few milliseconds apart.
  MIN_GAP_BETWEEN_LINES: 500,
  BASIC_LINES: ['Received: 0', 'Received: 1', 'Received: 2'],
  INFINITE_GENERATOR: [
    '// An infinite generator: one item every 200 ms until somebody stops it.',
    'AsyncGenerator.of(out -> {',
    '    for (long i = 0; ; i++) {',
    '        await(sleep(Duration.ofMillis(200)));',
    '        out.yield("tick " + i);',
    '    }',
    '})',
  ].join('\n'),
};

/**
 * Checks that the first line the page's recorder saw in cell 'basic' is `Received: 0`, shown while
 * the cell ran (its prompt `running`, e.g. `In [*]`) with the kernel busy; `runAt` is when Run was pressed.
 */
async function expectFirstLineLive(page, readCell, running, runAt) {
  const first = (await recordedLines(page, 'basic'))[0];
  if (!first || first.line !== 'Received: 0' || !first.running || !first.kernelBusy) {
    throw new Failure(`\`Received: 0\` to appear while the cell still runs (prompt ${running}, kernel busy)`,
      { appeared: first, now: await page.evaluate(readCell, 'basic') });
  }
  log(`Received: 0 appeared ${((first.at - runAt) / 1000).toFixed(2)}s after Run, prompt [*], kernel busy`);
}

/**
 * Checks that the finished cell 'basic' (its state `end`, as readCell gives it) shows exactly the
 * three lines, and that the recorder saw each appear on its own while the cell ran.
 */
async function expectEveryLineLive(page, end) {
  const shown = end.streamText.split('\n').map((line) => line.trim()).filter(Boolean);
  const wanted = live.BASIC_LINES;
  if (JSON.stringify(shown) !== JSON.stringify(wanted) || end.errorText) {
    throw new Failure(`exactly these output lines: ${wanted.join(' | ')}`, { shown, ...end });
  }
  const lines = await recordedLines(page, 'basic');
  const gaps = lines.slice(1).map((line, i) => Math.round(line.at - lines[i].at));
  const gap = live.MIN_GAP_BETWEEN_LINES;
  if (lines.length !== 3 || !lines.every((line) => line.running) || gaps.some((g) => g < gap)) {
    throw new Failure(`each line to appear on its own while the cell runs, at least ${gap} ms apart`,
      { appeared: lines, gapsMs: gaps });
  }
  log(`all three lines shown, each live (gaps ${gaps.join(' ms, ')} ms); prompt ${end.prompt}`);
}

/**
 * With the infinite generator running in cell 'ticks': checks that items appear while the cell runs
 * with the kernel busy (then saves `streamingScreenshot`), presses interrupt, and checks that the
 * cell stops and the kernel goes idle within INTERRUPT ms and stays so, with no more items, for
 * QUIET_AFTER_INTERRUPT ms. `frontEnd`: {readCell, running and finished (prompts as the front end
 * shows them), interrupt(), screenshot(name), streamingScreenshot, sameKernel (also require
 * readCell's sameKernel)}.
 */
async function expectInterruptStopsTicks(page, frontEnd) {
  const { readCell, running, finished } = frontEnd;
  await waitForCell(page, readCell, 'ticks', 'three items (`tick 0` .. `tick 2`) on the page', live.FIRST_LINE,
    (s) => /tick 2/.test(s.streamText));
  const streaming = await page.evaluate(readCell, 'ticks');
  if (!streaming.running || !streaming.kernelBusy) {
    throw new Failure(`the generator cell still running (${running}, kernel busy) while items appear`, streaming);
  }
  await frontEnd.screenshot(frontEnd.streamingScreenshot);

  log('pressing the toolbar\'s interrupt button');
  const interruptAt = Date.now();
  await frontEnd.interrupt();
  const stopped = await waitForCell(page, readCell, 'ticks',
    `the cell to stop (prompt ${finished}) and the kernel to be idle`, live.INTERRUPT, (s) => s.finished && s.kernelIdle);
  const stopSeconds = (Date.now() - interruptAt) / 1000;
  const itemsAtStop = (await recordedLines(page, 'ticks')).length;
  log(`cell stopped ${stopSeconds.toFixed(2)}s after the interrupt, ${itemsAtStop} items shown, prompt ${stopped.prompt}`);
  const message = (stopped.errorText || '').split('\n').find((line) => /[A-Za-z]/.test(line));
  if (message) log(`the cell shows: ${message.trim()}`);

  await page.waitForTimeout(live.QUIET_AFTER_INTERRUPT);
  const quiet = await page.evaluate(readCell, 'ticks');
  const itemsLater = (await recordedLines(page, 'ticks')).length;
  if (itemsLater !== itemsAtStop || !quiet.kernelIdle || !quiet.finished || (frontEnd.sameKernel && !quiet.sameKernel)
      || quiet.kernelEvents.length > 0) {
    const kernel = frontEnd.sameKernel ? ', the same kernel' : ' and the kernel';
    throw new Failure(`no more items${kernel} still idle ${live.QUIET_AFTER_INTERRUPT / 1000}s after the interrupt`,
      { itemsAtStop, itemsLater, ...quiet });
  }
}

module.exports = {
  config, required, server, log, Failure, run, screenshot, waitForCell, recordedLines,
  live, expectFirstLineLive, expectEveryLineLive, expectInterruptStopsTicks,
};
