/**
 * The engine properties of issue 18, checked on one input (a file name and its text): both
 * analysis phases (the registry rules get answers picked from a palette), the outputs (text, JSON,
 * SARIF, the editor's diagnostics), then every offered fix and the "Fix all" selection through the
 * one fix safety check. Each property's failure is a value with a one-line detail.
 */
import { analyze } from '../../server/src/engine/analyze';
import { checkFixes, type FixBase } from '../../server/src/engine/fix-check';
import { invalidRange } from '../../server/src/engine/valid-range';
import { defaultConfig } from '../../server/src/core/config';
import { selectFixes, type ChosenFix } from '../../server/src/core/fix-selection';
import type { Finding } from '../../server/src/core/types';
import type { ImageLookup, PlatformEntry } from '../../server/src/images/lookup';
import { parsePlatform } from '../../server/src/images/platform';
import { internalErrorDiagnostic, problemDiagnostic, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { formatJson } from '../../server/src/output/json';
import { formatSarif } from '../../server/src/output/sarif';
import { formatText } from '../../server/src/output/text';
import type { CheckResult } from '../../server/src/workspace/check';

export const PROPERTIES = ['no internal error', 'no hang', 'valid ranges', 'fix result parses', 'fix removes its finding'] as const;
export type Property = (typeof PROPERTIES)[number] | 'registry answer typed' | 'protocol answers';

export interface Failure { property: Property; detail: string }

export interface EngineOutcome {
  failures: Failure[];
  /** Both analysis phases (what a check of the file costs), in ms of wall-clock time. */
  analysisMs: number;
  /** The same in CPU time of this process: what the hang bound is about (other processes on a shared machine do not count). */
  analysisCpuMs: number;
  chars: number;
  findings: number;
  fixesChecked: number;
}

export interface EngineLimits {
  /** An analysis of an input under 100 KB taking more CPU time than this is a hang. */
  hangMs: number;
  /** Findings whose fixes are checked per input (spread over the file); every one of their fixes is. Inputs over 64 KB: a quarter. */
  maxFindingsWithFixes: number;
}

/** Inputs from this size on are timed and reported, never counted as hangs (the bound of issue 18 is for files under 100 KB). */
export const HANG_SIZE_LIMIT = 100 * 1024;

const CONFIG = defaultConfig();

/** A deterministic pseudo-random sequence (mulberry32) from an input's `answers` number. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const entries = (platforms: string[]): PlatformEntry[] => platforms.map((p, i) => ({ platform: parsePlatform(p)!, digest: digest(i + 1) }));
const image = (kind: 'index' | 'manifest' | 'schema1', platforms: string[]): ImageLookup => ({
  ok: true,
  image: { reference: 'fuzz', digest: digest(99), mediaType: 'application/vnd.oci.image.index.v1+json', kind, platforms: entries(platforms), source: 'registry', fetchedAt: 0 },
});
const failed = (state: 'not-found' | 'offline' | 'registry-error' | 'rate-limited' | 'timeout'): ImageLookup => ({ ok: false, error: { state, message: `fuzz: ${state}` } });

/** What a registry may answer: every shape the registry rules read. */
const PALETTE: ImageLookup[] = [
  image('index', ['linux/amd64']), image('index', ['linux/arm64']), image('index', ['linux/amd64', 'linux/arm64']),
  image('index', ['linux/arm/v7']), image('index', ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/386', 'linux/s390x']),
  image('index', ['windows/amd64']), image('index', ['linux/amd64', 'windows/amd64']), image('index', ['linux/arm/v6', 'linux/arm64/v8']),
  image('manifest', ['linux/amd64']), image('manifest', ['linux/arm64']), image('schema1', ['linux/amd64']), image('index', []),
  failed('not-found'), failed('offline'), failed('registry-error'), failed('rate-limited'), failed('timeout'),
];

/** Runs every engine property on one input. */
export async function checkEngine(file: string, text: string, answers: number, limits: EngineLimits): Promise<EngineOutcome> {
  const failures: Failure[] = [];
  const outcome: EngineOutcome = { failures, analysisMs: 0, analysisCpuMs: 0, chars: text.length, findings: 0, fixesChecked: 0 };
  const rand = random(answers);
  const started = performance.now();
  const cpu = process.cpuUsage();
  let unit;
  try {
    unit = analyze({ documents: [{ file, text }], config: CONFIG });
  } catch (error) {
    failures.push({ property: 'no internal error', detail: `analyze threw: ${describe(error)}` });
    return outcome;
  }
  const lookups = new Map<string, ImageLookup>(unit.references.map((ref) => [ref.canonical, PALETTE[Math.floor(rand() * PALETTE.length)]]));
  const [document] = unit.complete(lookups).documents;
  outcome.analysisMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  outcome.analysisCpuMs = (used.user + used.system) / 1000;
  if (!document) return outcome; // not a kind archlens reads
  outcome.findings = document.findings.length;
  if (outcome.analysisCpuMs > limits.hangMs && text.length < HANG_SIZE_LIMIT) {
    failures.push({ property: 'no hang', detail: `analysis took ${Math.round(outcome.analysisCpuMs)} ms of CPU time (limit ${limits.hangMs} ms) for ${text.length} characters` });
  }
  for (const e of document.internalErrors) {
    const ranged = /^reported a (range|related range|fix)/.test(e.message);
    failures.push({ property: ranged ? 'valid ranges' : 'no internal error', detail: `${e.during}: ${e.message}` });
  }
  for (const p of document.problems) {
    const bad = p.range && invalidRange(p.range, document.lines);
    if (bad) failures.push({ property: 'valid ranges', detail: `input problem "${p.message}" has a range ${bad}` });
  }

  try {
    const result: CheckResult = {
      files: [{ file: `/fuzz/${file}`, kind: document.kind, findings: document.findings, problems: document.problems, internalErrors: document.internalErrors, images: document.images }],
      images: lookups, missing: [], walkProblems: [], cancelled: false,
    };
    const input = { result, cwd: '/fuzz', version: 'fuzz' };
    formatText(input, { color: true });
    JSON.parse(formatJson(input));
    JSON.parse(formatSarif(input));
    for (const f of document.findings) toDiagnostic(f, 'file:///fuzz/x', 1);
    document.problems.forEach(problemDiagnostic);
    document.internalErrors.forEach(internalErrorDiagnostic);
  } catch (error) {
    failures.push({ property: 'no internal error', detail: `output failed: ${describe(error)}` });
  }

  if (document.internalErrors.length > 0) return outcome; // fixes are not offered on a file archlens failed on
  const base: FixBase = { file: document.file, kind: document.kind, text: document.text, problems: document.problems, outline: document.outline, findings: document.findings };
  const check = async (fixes: ChosenFix[], what: string): Promise<void> => {
    outcome.fixesChecked++;
    let verdict;
    try {
      verdict = await checkFixes(base, fixes, { config: CONFIG, lookups });
    } catch (error) {
      failures.push({ property: 'no internal error', detail: `fix check threw on ${what}: ${describe(error)}` });
      return;
    }
    if (verdict.ok) return;
    // A file just under the analysis size limit that its fixes push over it: the safety check
    // refuses them (archlens could not re-check the result), which is the right answer.
    if (/too large to analyse/.test(verdict.reason)) return;
    const property: Property = /still reported/.test(verdict.reason) ? 'fix removes its finding'
      : /archlens failed/.test(verdict.reason) ? 'no internal error' : 'fix result parses';
    failures.push({ property, detail: `${what}: ${verdict.reason}` });
  };
  const withFixes = document.findings.filter((f) => (f.fixes?.length ?? 0) > 0);
  const budget = text.length > 64 * 1024 ? Math.ceil(limits.maxFindingsWithFixes / 4) : limits.maxFindingsWithFixes;
  for (const finding of spread(withFixes, budget, rand)) {
    for (const fix of finding.fixes!) await check([{ finding, fix }], `${finding.rule} fix "${fix.title}"`);
  }
  const all = selectFixes(document.findings, document.lines);
  if (all.length > 1) await check(all, `Fix all (${all.length} fixes)`);
  return outcome;
}

/** Up to `n` findings: the first, the last, and others picked at random. */
function spread(findings: Finding[], n: number, rand: () => number): Finding[] {
  if (findings.length <= n) return findings;
  const picked = new Set([0, findings.length - 1]);
  while (picked.size < n) picked.add(Math.floor(rand() * findings.length));
  return [...picked].sort((a, b) => a - b).map((i) => findings[i]);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
