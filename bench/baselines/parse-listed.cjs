#!/usr/bin/env node
'use strict';
// Baseline for bench/realworld.bench.ts: a Node process that reads the files listed in a file (one
// path a line) and parses each bare — YAML with `yaml` parseAllDocuments, Dockerfiles with
// dockerfile-ast — the least a checker of those files must do.
const fs = require('node:fs');
const { parseAllDocuments } = require('yaml');
const { DockerfileParser } = require('dockerfile-ast');

let parsed = 0;
for (const file of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (file === '') continue;
  const text = fs.readFileSync(file, 'utf8');
  if (/\.ya?ml$/i.test(file)) parsed += parseAllDocuments(text).length;
  else parsed += DockerfileParser.parse(text).getInstructions().length;
}
process.stdout.write(`${parsed} documents and instructions\n`);
