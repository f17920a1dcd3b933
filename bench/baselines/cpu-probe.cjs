'use strict';
// Preloaded (`node --require`) into both processes bench/realworld.bench.ts compares: on exit, adds
// the process's CPU time (user + system, every thread) in ms to the file $ARCHLENS_BENCH_CPU_FILE.
// On a shared machine wall time measures the neighbours as much as the program; CPU time does not.
const fs = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  fs.appendFileSync(process.env.ARCHLENS_BENCH_CPU_FILE, `${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`);
});
