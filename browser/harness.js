// What the browser tests share: their settings from the environment, headless Chromium with a
// profile of its own, one deadline for the whole test, a failure report with what the page showed,
// screenshots, and Chromium closed on every exit (also on SIGTERM/SIGINT).
//
// The environment (the shell script that starts the server sets it):
// FLOWBOOK_BASE_URL, FLOWBOOK_TOKEN, FLOWBOOK_NOTEBOOK (path under the server's root),
// FLOWBOOK_CHROMIUM, FLOWBOOK_BROWSER_PROFILE (a fresh, empty directory),
// FLOWBOOK_BROWSER_OUTPUT (screenshots and logs), FLOWBOOK_BROWSER_TIMEOUT (seconds, whole test).
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
  baseUrl: required('FLOWBOOK_BASE_URL'),
  token: required('FLOWBOOK_TOKEN'),
  notebook: required('FLOWBOOK_NOTEBOOK'),
  chromium: required('FLOWBOOK_CHROMIUM'),
  profile: required('FLOWBOOK_BROWSER_PROFILE'),
  output: required('FLOWBOOK_BROWSER_OUTPUT'),
  timeoutSeconds: Number(process.env.FLOWBOOK_BROWSER_TIMEOUT || 300),
};

const started = Date.now();
function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`flowbook-browser [${seconds}s] ${message}`);
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
 * Runs `scenario(page)` in headless Chromium within FLOWBOOK_BROWSER_TIMEOUT seconds and exits
 * with 0 when it passed. On a timeout, `describe(page)` says what the page showed.
 */
function run(scenario, describe) {
  main(scenario, describe).then((code) => process.exit(code), (error) => {
    console.error(`flowbook-browser: FAILED: ${error.stack || error}`);
    process.exit(1);
  });
}

async function main(scenario, describe) {
  fs.mkdirSync(config.output, { recursive: true });
  const consoleLog = fs.createWriteStream(path.join(config.output, 'browser-console.log'));
  const context = await chromium.launchPersistentContext(config.profile, {
    executablePath: config.chromium,
    headless: true,
    timeout: 60_000,
    viewport: { width: 1200, height: 820 },
    // Without these Chromium reaches for the network (updates, sync, QUIC probes) and can hang
    // on a machine that has none.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let page;
  let deadline;
  let stopping = false; // a signal arrived: say so once, skip the failure report
  // A hard stop in case closing the browser hangs too; the shell script's timeout is the last resort.
  const backstop = setTimeout(() => process.exit(1), (config.timeoutSeconds + 20) * 1000);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, async () => {
      stopping = true;
      console.error(`flowbook-browser: ${signal}: closing the browser`);
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
        reject(new Failure(`the whole test to finish within ${config.timeoutSeconds}s`, found));
      }, config.timeoutSeconds * 1000);
    });
    await Promise.race([scenario(page), overall]);
    log('all checks passed');
    return 0;
  } catch (error) {
    if (!stopping) await reportFailure(page, error);
    return 1;
  } finally {
    clearTimeout(deadline);
    await context.close().catch(() => {});
    clearTimeout(backstop);
    consoleLog.end();
  }
}

async function reportFailure(page, error) {
  console.error('');
  console.error('flowbook-browser: FAILED');
  if (error instanceof Failure) {
    console.error(`  ${error.message}`);
    console.error('  found on the page:');
    for (const line of JSON.stringify(error.found, null, 2).split('\n')) console.error(`    ${line}`);
  } else {
    console.error(`  ${error.stack || error}`);
  }
  if (page) {
    const file = path.join(config.output, 'failure.png');
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

module.exports = { config, log, Failure, run, screenshot, waitForCell, recordedLines };
