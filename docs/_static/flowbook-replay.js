// Replays a cell's output at the pace it arrived when the notebook was executed.
//
// install/notebooks.py records, per output, when it arrived (metadata.flowbook.output_times);
// docs/_ext/flowbook_pages.py puts those times on the page as JSON keyed by execution count:
// {"1": [[[1.01, 12], [2.02, 24]], [[3.1, null]]]}: per output block of the cell, [seconds after
// the cell started, characters of the block's text shown by then] (null: the whole block).
// Without JavaScript nothing here runs and every output shows in full.
(function () {
  "use strict";

  // Shortest span of arrivals worth a replay button: output that came at once does not "play".
  const MIN_SPAN_SECONDS = 0.2;

  function outputTimes() {
    const element = document.getElementById("flowbook-output-times");
    if (!element) return {};
    try {
      return JSON.parse(element.textContent);
    } catch (error) {
      console.warn("flowbook replay: unreadable output times", error);
      return {};
    }
  }

  // The input block of each execution count, from its prompt "[3]:".
  function inputsByCount() {
    const inputs = new Map();
    for (const input of document.querySelectorAll("div.nbinput")) {
      const prompt = input.querySelector(".prompt");
      const match = prompt && /\[(\d+)\]:/.exec(prompt.textContent);
      if (match) inputs.set(match[1], input);
    }
    return inputs;
  }

  function outputBlocksAfter(input) {
    const blocks = [];
    for (let next = input.nextElementSibling; next; next = next.nextElementSibling) {
      if (!next.classList.contains("nboutput")) break;
      blocks.push(next);
      if (next.classList.contains("nblast")) break;
    }
    return blocks;
  }

  // Cuts the text below `node` after `count` characters, removing what follows.
  function truncate(node, count) {
    let left = count;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const text of texts) {
      if (left >= text.data.length) {
        left -= text.data.length;
      } else {
        text.data = text.data.slice(0, left);
        left = 0;
      }
    }
  }

  class Replay {
    constructor(input, blocks, arrivals) {
      this.blocks = blocks;
      this.originals = blocks.map((block) => block.cloneNode(true));
      this.events = [];
      arrivals.forEach((pairs, index) => {
        for (const [seconds, characters] of pairs) this.events.push({ seconds, index, characters });
      });
      this.events.sort((a, b) => a.seconds - b.seconds);
      this.duration = this.events.length ? this.events[this.events.length - 1].seconds : 0;
      this.timers = [];
      this.bar = document.createElement("div");
      this.bar.className = "flowbook-replay-bar";
      this.bar.dataset.state = "idle";
      this.button = document.createElement("button");
      this.button.type = "button";
      this.button.className = "flowbook-replay";
      this.button.title = "Clear this cell's output and show it again at the pace it arrived";
      this.button.textContent = "\u25B6 Replay output";
      this.button.addEventListener("click", () => this.start());
      this.clock = document.createElement("span");
      this.clock.className = "flowbook-replay-clock";
      this.clock.textContent = `arrived over ${this.duration.toFixed(1)} s`;
      this.bar.append(this.button, this.clock);
      input.after(this.bar);
    }

    start() {
      this.stop();
      this.blocks.forEach((block) => (block.hidden = true));
      this.bar.dataset.state = "playing";
      this.button.textContent = "\u21BA Restart replay";
      const started = performance.now();
      this.ticker = setInterval(() => {
        const seconds = (performance.now() - started) / 1000;
        this.clock.textContent = `${Math.min(seconds, this.duration).toFixed(1)} s of ${this.duration.toFixed(1)} s`;
      }, 100);
      for (const event of this.events) {
        this.timers.push(setTimeout(() => this.show(event), event.seconds * 1000));
      }
      this.timers.push(setTimeout(() => this.finish(), this.duration * 1000 + 50));
    }

    show(event) {
      const shown = this.originals[event.index].cloneNode(true);
      if (event.characters !== null) {
        const text = shown.querySelector(".output_area pre") || shown.querySelector(".output_area");
        if (text) truncate(text, event.characters);
      }
      shown.hidden = false;
      this.blocks[event.index].replaceWith(shown);
      this.blocks[event.index] = shown;
    }

    finish() {
      this.stop();
      this.blocks = this.blocks.map((block, index) => {
        const whole = this.originals[index].cloneNode(true);
        block.replaceWith(whole);
        return whole;
      });
      this.bar.dataset.state = "done";
      this.button.textContent = "\u25B6 Replay output";
      this.clock.textContent = `arrived over ${this.duration.toFixed(1)} s`;
    }

    stop() {
      this.timers.forEach(clearTimeout);
      this.timers = [];
      clearInterval(this.ticker);
    }
  }

  function install() {
    const times = outputTimes();
    const inputs = inputsByCount();
    for (const [count, arrivals] of Object.entries(times)) {
      const input = inputs.get(count);
      if (!input) continue;
      const blocks = outputBlocksAfter(input);
      if (blocks.length !== arrivals.length) {
        console.warn(`flowbook replay: cell [${count}] shows ${blocks.length} outputs, ${arrivals.length} recorded`);
        continue;
      }
      const seconds = arrivals.flat().map(([when]) => when);
      if (seconds.length < 2 || Math.max(...seconds) - Math.min(...seconds) < MIN_SPAN_SECONDS) continue;
      new Replay(input, blocks, arrivals);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
