/**
 * V8 set for a one-shot `archlens check`: no inlining in TurboFan, functions optimised later, and
 * WebAssembly left unoptimised.
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
 * A function is also sent to TurboFan only after eight times V8 11's default interrupt budget
 * (--interrupt-budget, 66 KB of bytecode executed: 528 KB): most functions of a check are warm for
 * a moment only, and their optimised code was compiled (on the background threads, which on a
 * busy 2-core machine compete with the check itself) to be run a few times. With the V8 code cache
 * (cli/compile-cache.ts), instructions of a cached ingress-nginx chart check fell from ~2.22-2.29 G
 * to ~1.88 G (callgrind, all threads); interleaved runs on a loaded machine: CPU 0.71 → 0.62 s and
 * wall 1.18 → 0.98 s (ingress-nginx, 11 each), consul 3.09 → 2.84 s CPU, and the whole of
 * corpus/realworld 7.6 → 6.4 s user time (3 each): the long runs, where optimised code matters
 * most, were not slower.
 *
 * WebAssembly (the shell parser, tree-sitter-bash) stays on Liftoff, V8's baseline compiler: once a
 * few scripts are parsed V8 sends the grammar's lexer, a 160 KB function, to TurboFan, which takes
 * ~0.65 s of CPU to compile it (--trace-wasm-compilation-times on sigp/lighthouse: 634 ms for that
 * function, ~0.8 s in all), however little shell the check then reads, and raising
 * --wasm-tiering-budget did not put it off. Without it a check of corpus/realworld fell from ~4.0
 * to ~3.4 s of CPU, and 35 public repositories checked one after another from 46.6 to 28.8 s. The
 * optimised lexer pays back only past ~6 MB of shell (1,500 scripts, 15 MB, all parsed: 6.9 s with
 * TurboFan, 7.9 s without), and the most of any of the 377 repositories judged so far holds 1.8 MB.
 *
 * Only the check command of the CLI and the GitHub Action (the same one-shot check): the language
 * server runs for hours, where optimised code pays back its compilation.
 */
import * as v8 from 'node:v8';

/**
 * V8 majors with `--turbo-inlining` (it has been there since TurboFan, V8 5, and still is in V8 13;
 * `--liftoff-only` since V8 7;
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

/** Eight times the default --interrupt-budget of Node 20's V8 11 (67584); a fixed figure under other versions. */
const ONE_SHOT_INTERRUPT_BUDGET = 8 * 67584;

/** Turns TurboFan inlining (and TurboFan for WebAssembly) off and raises the interrupt budget for the rest of this process; true when it did. */
export function tuneV8ForOneShotCheck(v8Version: string = process.versions.v8): boolean {
  if (!knowsTurboInlining(v8Version)) return false;
  v8.setFlagsFromString('--no-turbo-inlining');
  v8.setFlagsFromString(`--interrupt-budget=${ONE_SHOT_INTERRUPT_BUDGET}`);
  v8.setFlagsFromString('--liftoff-only');
  return true;
}
