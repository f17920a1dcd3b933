#!/usr/bin/env node
'use strict';
// Baseline for bench/cli.bench.ts: a Node process that only finds every YAML file under a folder
// and parses it with `yaml` (parseAllDocuments) — the least any YAML-reading checker must do.
const fs = require('node:fs');
const path = require('node:path');
const { parseAllDocuments } = require('yaml');

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out;
}

let documents = 0;
for (const file of walk(path.resolve(process.argv[2] || '.'), [])) {
  documents += parseAllDocuments(fs.readFileSync(file, 'utf8')).length;
}
process.stdout.write(`${documents} documents\n`);
