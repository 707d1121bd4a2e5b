// The documentation site in a real browser, opened from disk: headless Chromium driven by Playwright.
//
// 1. On the basic example's page, "Replay output" on the `main();` cell clears its output and shows
//    the three `Received` lines again one after another: mid-replay the page shows `Received: 0`
//    and `Received: 1` but not yet `Received: 2` (screenshot), and the states the output went
//    through are exactly: three lines (as loaded), none, one, two, three.
// 2. With JavaScript off the same page shows all three lines and no replay button.
// 3. Search (Sphinx's index, loaded as a script, so it works from file://) finds `mapAsync` in the
//    use-cases tutorial and `disconnected` (an output) in the error-handling one.
// Throughout, the pages load nothing but files of the site.
//
// install/site-browser-test.sh passes: FLOWBOOK_SITE (the built site), FLOWBOOK_CHROMIUM,
// FLOWBOOK_BROWSER_PROFILE (a fresh directory), FLOWBOOK_BROWSER_OUTPUT (screenshots, logs),
// FLOWBOOK_BROWSER_TIMEOUT (seconds for the whole test).
'use strict';

const path = require('path');
const { pathToFileURL } = require('url');
const harness = require('./harness');

const { config, log: say, Failure, run } = harness;

const site = harness.required('FLOWBOOK_SITE');
const WAIT = 20_000; // bound of each wait: pages are local, the replay lasts about three seconds
const LINES = ['Received: 0', 'Received: 1', 'Received: 2'];

const pageUrl = (name) => pathToFileURL(path.join(site, name)).href;

async function search(page, term, expectedPage) {
  await page.goto(pageUrl('index.html'));
  await page.fill('form.sidebar-search-container input[name="q"]', term);
  await page.press('form.sidebar-search-container input[name="q"]', 'Enter');
  await page.waitForURL(/search\.html/, { timeout: WAIT });
  const hit = `#search-results a[href*="${expectedPage}"]`;
  try {
    await page.waitForSelector(hit, { timeout: WAIT });
  } catch (error) {
    throw new Failure(`searching '${term}' lists ${expectedPage}`, await page.locator('#search-results').innerText().catch(() => '(no results)'));
  }
  const count = await page.locator('#search-results ul.search > li').count();
  say(`search '${term}': ${count} page(s), ${expectedPage} among them`);
}

// In the page: records each distinct set of `Received` lines the replayed cell shows, with when.
function watchReplayedCell(lines) {
  const bar = [...document.querySelectorAll('.flowbook-replay-bar')]
    .find((candidate) => lines.every((line) => cellText(candidate).includes(line)));
  function cellText(candidate) {
    let text = '';
    for (let next = candidate.nextElementSibling; next && next.classList.contains('nboutput'); next = next.nextElementSibling) {
      if (next.checkVisibility()) text += next.innerText; // what a reader sees
    }
    return text;
  }
  if (!bar) return false;
  bar.id = 'replayed-cell';
  const states = [];
  const note = () => {
    const shown = lines.filter((line) => cellText(bar).includes(line));
    const last = states[states.length - 1];
    if (!last || last.shown.join() !== shown.join()) states.push({ at: performance.now(), shown });
  };
  window.__replayStates = states;
  note(); // the page as loaded: the whole output
  new MutationObserver(note).observe(bar.parentElement, { childList: true, subtree: true, attributes: true, characterData: true });
  window.__shownLines = () => lines.filter((line) => cellText(bar).includes(line));
  return true;
}

async function replay(page) {
  await page.goto(pageUrl('01-basic-example.html'));
  if (!(await page.evaluate(watchReplayedCell, LINES))) {
    throw new Failure('a replay button on the cell that prints the three Received lines',
      await page.locator('.flowbook-replay-bar').count());
  }
  const bar = page.locator('#replayed-cell');
  // The cell's code above its output in view; scrolling down only, as furo shows "Back to top"
  // after an upward scroll.
  await page.evaluate(() => {
    const top = document.querySelector('#replayed-cell').getBoundingClientRect().top + window.scrollY;
    window.scrollTo({ top: top - 330, behavior: 'instant' }); // furo's CSS scrolls smoothly
  });
  await bar.locator('button.flowbook-replay').click();
  const shown = () => page.evaluate(() => window.__shownLines());

  await page.waitForFunction((two) => window.__shownLines().join() === two.join(), LINES.slice(0, 2), { timeout: WAIT })
    .catch(async () => { throw new Failure('mid-replay: Received: 0 and 1 shown, not yet 2', await shown()); });
  await page.screenshot({ path: path.join(config.output, '1-site-replay-mid.png') });
  const mid = { lines: await shown(), state: await bar.getAttribute('data-state') };
  say(`mid-replay screenshot: ${JSON.stringify(mid)}`);
  if (mid.state !== 'playing' || mid.lines.length !== 2) {
    throw new Failure('the replay still playing with two of three lines after the screenshot', mid);
  }

  await page.waitForFunction(() => document.querySelector('#replayed-cell').dataset.state === 'done', null, { timeout: WAIT });
  await page.screenshot({ path: path.join(config.output, '2-site-replay-done.png') });
  const states = await page.evaluate(() => window.__replayStates);
  const sequence = states.map((state) => state.shown.length);
  const expected = [3, 0, 1, 2, 3];
  if (sequence.join() !== expected.join() || (await shown()).length !== 3) {
    throw new Failure('the output went from whole to none, then one, two, three lines', states);
  }
  const start = states[1].at;
  say(`replayed: lines appeared ${states.slice(2).map((state) => `${((state.at - start) / 1000).toFixed(2)} s`).join(', ')} after the output was cleared`);
}

async function withoutJavaScript(context) {
  const page = await context.newPage();
  try {
    const devtools = await context.newCDPSession(page);
    await devtools.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(pageUrl('01-basic-example.html'));
    const text = await page.locator('article').innerText();
    const buttons = await page.locator('.flowbook-replay').count();
    if (!LINES.every((line) => text.includes(line)) || buttons !== 0) {
      throw new Failure('without JavaScript: all three Received lines, no replay button',
        { buttons, lines: LINES.filter((line) => text.includes(line)) });
    }
    say('without JavaScript the output shows in full, without a replay button');
  } finally {
    await page.close();
  }
}

async function scenario(page, context) {
  const foreign = [];
  context.on('request', (request) => {
    if (!request.url().startsWith('file://')) foreign.push(request.url());
  });
  await replay(page); // first: a search would leave its highlight switch in the screenshot
  await withoutJavaScript(context);
  await search(page, 'mapAsync', '03-use-cases.html');
  await search(page, 'disconnected', '02-error-handling.html');
  if (foreign.length) throw new Failure('the pages load only files of the site', foreign);
}

run(scenario, async (page) => ({ url: page.url() }), {
  name: 'flowbook-site', timeoutSeconds: 180, viewport: { width: 1280, height: 860 },
  args: ['--allow-file-access-from-files'], consoleLog: 'site-console.log',
});
