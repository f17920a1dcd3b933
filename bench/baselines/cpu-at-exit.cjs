'use strict';
// Preloaded (`node --require`) into a measured process: at exit, writes the CPU time the whole
// process used (every thread: user + system, ms) to the file named by ARCHLENS_BENCH_CPU_FILE.
// On a shared machine a process's CPU time moves far less with the load than its wall time.
const fs = require('node:fs');

const file = process.env.ARCHLENS_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    fs.writeFileSync(file, String((user + system) / 1000));
  });
}
