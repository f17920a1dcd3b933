#!/usr/bin/env node
'use strict';
// The published entry point: the bundled CLI (an ES module, built by `npm run build`), started by
// dist/cli-start.cjs (the V8 code cache for `archlens check`, see server/src/cli/start.ts).
const path = require('node:path');

let started = false;
try {
  require('../dist/cli-start.cjs').prepareCli(path.join(__dirname, '..', 'dist'));
  started = true;
} catch (error) {
  if (!error || error.code !== 'MODULE_NOT_FOUND') started = error;
}
if (started !== true && started !== false) {
  process.stderr.write(`archlens: internal error: ${started && started.message}\n`);
  process.exitCode = 2;
} else {
  import('../dist/cli.mjs').catch((error) => {
    const missing = error && error.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli\.mjs/.test(String(error.message));
    process.stderr.write(`archlens: ${missing ? 'not built: run `npm run build` first' : `internal error: ${error && error.message}`}\n`);
    process.exitCode = 2;
  });
}
