#!/usr/bin/env node
'use strict';
// The published entry point: the bundled CLI (an ES module, built by `npm run build`).
import('../dist/cli.mjs').catch((error) => {
  const missing = error && error.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli\.mjs/.test(String(error.message));
  process.stderr.write(`archlens: ${missing ? 'not built: run `npm run build` first' : `internal error: ${error && error.message}`}\n`);
  process.exitCode = 2;
});
