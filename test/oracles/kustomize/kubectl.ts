/**
 * Running the oracle: `kubectl kustomize DIR` (kustomize v5 embedded in kubectl), offline. Where
 * kubectl is missing the oracle layer is skipped, saying why (.ci/run says it too);
 * ARCHLENS_REQUIRE_KUSTOMIZE=1 makes a missing kubectl an error instead.
 */
import { execFile, execFileSync } from 'node:child_process';

export type KubectlResult = { ok: true; stdout: string } | { ok: false; error: string };

let available: string | undefined | null = null;

/** kubectl's client version line when kubectl runs here, else undefined. */
export function kubectlVersion(): string | undefined {
  if (available !== null) return available;
  try {
    available = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000 })
      .split('\n').find((l) => l.startsWith('Kustomize Version')) ?? 'kubectl';
  } catch {
    available = undefined;
  }
  return available;
}

/**
 * Call at the top of a describe(): false (the suite then registers no test) when kubectl is not
 * here — said once on stderr — unless ARCHLENS_REQUIRE_KUSTOMIZE=1, which makes it an error.
 */
let told = false;
export function requireKubectl(): boolean {
  if (kubectlVersion()) return true;
  if (process.env.ARCHLENS_REQUIRE_KUSTOMIZE === '1') {
    throw new Error('kubectl (with kustomize) is required by the kustomize oracle tests (ARCHLENS_REQUIRE_KUSTOMIZE=1)');
  }
  if (!told) process.stderr.write('\n*** kubectl not found: the kustomize oracle layer (test/oracles/kustomize) is SKIPPED; install kubectl to compare with kustomize ***\n\n');
  told = true;
  return false;
}

/** kustomize's error message out of kubectl's stderr (`E… run.go:72] "command failed" err="…"`). */
function errorOf(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() && !l.startsWith('# Warning'));
  const text = lines.join('\n');
  const quoted = /err="((?:[^"\\]|\\.)*)"/.exec(text);
  if (quoted) return JSON.parse(`"${quoted[1]}"`) as string;
  const block = /err=<\n([\s\S]*?)\n\s*>/.exec(text);
  if (block) return block[1].split('\n').map((l) => l.replace(/^\t/, '')).join('\n');
  return text;
}

export function runKubectlKustomize(dir: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120000, env: { ...process.env, KUBECONFIG: '/dev/null' } }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, error: errorOf(stderr || error.message) });
      else resolve({ ok: true, stdout });
    });
  });
}

/** Runs `jobs` with at most `limit` at a time, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
