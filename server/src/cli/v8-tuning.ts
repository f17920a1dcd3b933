/**
 * V8 set for a one-shot `archlens check`: no inlining in TurboFan.
 *
 * A check runs a wide code base (the YAML parser, Helm's template engine, the kustomize engine,
 * shell and Dockerfile readers…) for a few seconds, each part hot for a moment. V8 optimises every
 * function that gets warm on background threads, inlining its callees into it, and throws much of
 * that code away again when the next kind of file brings other types (~620 TurboFan compilations
 * over corpus/realworld, against ~200 in a process that only parses the same YAML). Without
 * inlining each compilation is far smaller: in `check --offline` over corpus/realworld the
 * background threads' CPU time fell by ~0.8 s (4.0 → 3.1 s) while the main thread's stayed the
 * same (3.8 s), and wall time was no worse (4 alternating runs each).
 *
 * Only the check command of the CLI and the GitHub Action (the same one-shot check): the language
 * server runs for hours, where optimised code pays back its compilation.
 */
import * as v8 from 'node:v8';

/**
 * V8 majors with `--turbo-inlining` (it has been there since TurboFan, V8 5, and still is in V8 13;
 * Node 20 ships V8 11). Outside them the flag is left alone: V8 prints an error line for a flag it
 * does not know.
 */
const FIRST_KNOWN_MAJOR = 9;
const LAST_KNOWN_MAJOR = 13;

/** Whether this V8 (`process.versions.v8`, e.g. "11.3.244.8-node.38") is one the tuning is known for. */
export function knowsTurboInlining(v8Version: string): boolean {
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  return major >= FIRST_KNOWN_MAJOR && major <= LAST_KNOWN_MAJOR;
}

/** Turns TurboFan inlining off for the rest of this process; true when it did. */
export function tuneV8ForOneShotCheck(v8Version: string = process.versions.v8): boolean {
  if (!knowsTurboInlining(v8Version)) return false;
  v8.setFlagsFromString('--no-turbo-inlining');
  return true;
}
