/** Shared helpers of the helm function tests. */
import { createHash } from 'node:crypto';
import { TemplateSet, type ExecuteOptions, type RenderResult } from '../../../../server/src/helm/template';
import { type HelmFunctionOptions, type RandomSource, createHelmFunctions } from '../../../../server/src/helm/functions';

/** A deterministic random source (SHA-256 in counter mode) for reproducible outputs. */
export function seededRandom(seed: number): RandomSource {
  let counter = 0;
  const next = (n: number): Buffer => {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < n) {
      const h = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(h);
      total += h.length;
    }
    return Buffer.concat(chunks).subarray(0, n);
  };
  return {
    bytes: next,
    int: (n) => next(6).readUIntBE(0, 6) % n,
  };
}

/** Renders one template with Helm's functions; the error message instead when it fails. */
export function renderTemplate(
  template: string,
  data: unknown = {},
  options: HelmFunctionOptions = {},
  execute: ExecuteOptions = {},
): { output?: string; error?: string; result?: RenderResult } {
  const set = new TemplateSet(createHelmFunctions({ clock: () => Date.UTC(2024, 0, 2, 3, 4, 5), random: seededRandom(7), ...options }));
  try {
    set.add('test', template);
    const result = set.execute('test', data, execute);
    return { output: result.output, result };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The output, or throws the template error (for tests that expect success). */
export function render(template: string, data: unknown = {}, options: HelmFunctionOptions = {}): string {
  const r = renderTemplate(template, data, options);
  if (r.error !== undefined) throw new Error(r.error);
  return r.output as string;
}
