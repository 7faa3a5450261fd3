#!/usr/bin/env node
// Soak test: compile-then-run cycles of a small model, then many runs of one loaded model, in
// one process; prints resident memory (RSS) along the way and fails (exit 1) when it grows.
//
//   node --expose-gc scripts/soak.js [--cycles 200] [--warmup 20] [--runs 10000] [--json]
//
// Pass: RSS after all cycles is less than 10% above RSS after the warm-up cycles, and RSS
// after all runs is less than 5% above RSS after the first tenth of them ("flat"). Needs the
// built package (dist/: npm run build:ts) and the fixture models (npm run fixtures).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist', 'lib', 'index.js');
if (!fs.existsSync(dist)) {
  console.error('error: dist/ is not built: run npm run build:ts first');
  process.exit(2);
}
const { compile, load, randomInputs } = require(dist);

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    console.error(`error: --${name} needs a positive integer`);
    process.exit(2);
  }
  return value;
}

const cycles = flag('cycles', 200);
const warmup = Math.min(flag('warmup', 20), cycles);
const runs = flag('runs', 10000);
const json = process.argv.includes('--json');
const CYCLE_LIMIT = 0.1;
const RUN_LIMIT = 0.05;

function rss() {
  if (global.gc) global.gc();
  return process.memoryUsage().rss;
}

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const log = (line) => {
  if (!json) console.log(line);
};

async function main() {
  const model = path.join(root, 'test', 'fixtures', 'models', 'add10.pt');
  if (!fs.existsSync(model)) throw new Error(`missing fixture ${model}: run npm run fixtures`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aotc-soak-'));
  try {
    const options = {
      model,
      modelName: 'soak',
      modelVersion: 'v1',
      inputDims: '2,2,2',
      outputLlvm: path.join(dir, 'soak.compiled.ll'),
      outputModel: path.join(dir, 'soak.compiled.pt'),
    };
    const cycleRss = [];
    let afterWarmup = 0;
    for (let i = 1; i <= cycles; i++) {
      const result = await compile(options);
      const compiled = await load(result.outputModel);
      await compiled.run(randomInputs(compiled.inputSpecs, i));
      compiled.dispose();
      if (i === warmup) afterWarmup = rss();
      if (i % Math.max(1, Math.floor(cycles / 10)) === 0 || i === cycles) {
        const now = rss();
        cycleRss.push({ cycle: i, rssMB: Number(mb(now)) });
        log(`compile+run cycle ${String(i).padStart(4)}: rss ${mb(now)} MB`);
      }
    }
    const afterCycles = rss();
    const cycleGrowth = (afterCycles - afterWarmup) / afterWarmup;

    const result = await compile(options);
    const loaded = await load(result.outputModel);
    const inputs = randomInputs(loaded.inputSpecs, 7);
    const tenth = Math.max(1, Math.floor(runs / 10));
    let afterFirstTenth = 0;
    const runRss = [];
    for (let i = 1; i <= runs; i++) {
      await loaded.run(inputs);
      if (i === tenth) afterFirstTenth = rss();
      if (i % tenth === 0) {
        const now = rss();
        runRss.push({ run: i, rssMB: Number(mb(now)) });
        log(`run ${String(i).padStart(6)}: rss ${mb(now)} MB`);
      }
    }
    loaded.dispose();
    const afterRuns = rss();
    const runGrowth = (afterRuns - afterFirstTenth) / afterFirstTenth;

    const passed = cycleGrowth < CYCLE_LIMIT && runGrowth < RUN_LIMIT;
    const report = {
      gc: Boolean(global.gc),
      cycles,
      warmup,
      runs,
      rssAfterWarmupMB: Number(mb(afterWarmup)),
      rssAfterCyclesMB: Number(mb(afterCycles)),
      cycleGrowth,
      rssAfterFirstTenthOfRunsMB: Number(mb(afterFirstTenth)),
      rssAfterRunsMB: Number(mb(afterRuns)),
      runGrowth,
      cycleRss,
      runRss,
      passed,
    };
    if (json) {
      console.log(JSON.stringify(report));
    } else {
      console.log(
        `\n${cycles} compile+run cycles: rss ${mb(afterWarmup)} MB after ${warmup} -> ${mb(afterCycles)} MB ` +
          `(${(cycleGrowth * 100).toFixed(1)}%, limit ${CYCLE_LIMIT * 100}%)`,
      );
      console.log(
        `${runs} runs of one model: rss ${mb(afterFirstTenth)} MB after ${tenth} -> ${mb(afterRuns)} MB ` +
          `(${(runGrowth * 100).toFixed(1)}%, limit ${RUN_LIMIT * 100}%)`,
      );
      console.log(passed ? 'soak: passed' : 'soak: FAILED');
      if (!global.gc) console.log('(run with node --expose-gc for steadier figures)');
    }
    process.exitCode = passed ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`error: ${error && error.message ? error.message : String(error)}`);
  process.exit(1);
});
