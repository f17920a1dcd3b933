/**
 * `archlens check` turns TurboFan inlining off, keeps WebAssembly on Liftoff and raises the interrupt budget for its one short run (cli/v8-tuning.ts); other
 * commands leave V8 as it is, and so does a V8 the flag is not known for (V8 prints an error line
 * for a flag it does not know). The built CLI runs with a preload that records every
 * v8.setFlagsFromString call, so what is asserted is what the real process asked V8 for.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { knowsTurboInlining, tuneV8ForOneShotCheck } from '../../server/src/cli/v8-tuning';
import { archlens, ensureBuilt, workspace } from './helpers';

// Wraps node:v8's setFlagsFromString (and the ES module view of it the bundle imports) to append each flag to a file.
const RECORDER = `
const fs = require('node:fs');
const v8 = require('node:v8');
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => { fs.appendFileSync(process.env.V8_FLAGS_LOG, flags + '\\n'); set(flags); };
require('node:module').syncBuiltinESMExports();
`;

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0\n';

describe('V8 tuning of the check command', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({ 'deploy.yaml': DEPLOYMENT, 'recorder.cjs': RECORDER });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** The flags the CLI set while running `args`. */
  function flagsSetBy(args: string[]): { flags: string[]; stderr: string; code: number | null } {
    const log = path.join(root, `flags-${args[0]}.log`);
    fs.rmSync(log, { force: true });
    const run = archlens(args, root, { env: { NODE_OPTIONS: `--require ${path.join(root, 'recorder.cjs')}`, V8_FLAGS_LOG: log } });
    const flags = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    return { flags, stderr: run.stderr, code: run.code };
  }

  it('check turns TurboFan inlining and WebAssembly tier-up off and raises the interrupt budget, and V8 takes the flags without a word on stderr', () => {
    const run = flagsSetBy(['check', '--offline', '--fail-on', 'none', '--format', 'json', 'deploy.yaml']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.flags, ['--no-turbo-inlining', '--interrupt-budget=540672', '--liftoff-only']);
    assert.doesNotMatch(run.stderr, /unrecognized flag|--help for options/);
  });

  it('other commands leave V8 as it is', () => {
    const run = flagsSetBy(['rules', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.flags, []);
  });

  it('only V8 versions known to have the flag are tuned', () => {
    assert.equal(knowsTurboInlining(process.versions.v8), true, `this Node's V8 ${process.versions.v8} is one of them`);
    for (const known of ['9.4.146.26-node.24', '10.2.154.26-node.26', '11.3.244.8-node.38', '12.4.254.21-node.33', '13.6.233.10']) assert.equal(knowsTurboInlining(known), true, known);
    for (const unknown of ['8.4.371.23-node.85', '14.0.1', '', 'v8']) assert.equal(knowsTurboInlining(unknown), false, unknown);
    assert.equal(tuneV8ForOneShotCheck('14.0.1'), false);
  });
});
