/** The engine campaign: mutated corpus files through every engine property (engine-property.ts). */
import { checkEngine, PROPERTIES, type EngineLimits } from './engine-property';
import { signature, type CampaignOptions } from './campaign';
import { fuzzInput, kindsOf, render, type FuzzInput } from './mutations';
import { loadSeeds } from './seeds';

export function engineCampaign(limits: EngineLimits): Pick<CampaignOptions<FuzzInput>, 'name' | 'arbitrary' | 'run' | 'reproducer'> {
  return {
    name: 'engine',
    arbitrary: fuzzInput(),
    async run(input, stats) {
      const text = render(input);
      const outcome = await checkEngine(input.file, text, input.answers, limits);
      const failed = new Set(outcome.failures.map((f) => f.property));
      for (const p of PROPERTIES) {
        const fixProperty = p === 'fix result parses' || p === 'fix removes its finding';
        if (fixProperty && outcome.fixesChecked === 0) continue;
        stats.checked(`engine: ${p}`, failed.has(p), fixProperty ? outcome.fixesChecked : 1);
      }
      for (const kind of kindsOf(input)) stats.kind(kind);
      stats.timed({ what: `${loadSeeds()[input.seed].name} as ${input.file} (${kindsOf(input).join('+')})`, chars: outcome.chars, ms: outcome.analysisMs, cpuMs: outcome.analysisCpuMs });
      return outcome.failures;
    },
    async reproducer(input, failure) {
      const text = render(input);
      const file = input.file;
      const same = signature(failure);
      // A hang is kept whole: minimising it would take one slow run per step.
      const reduce = failure.property === 'no hang' ? undefined : async (candidate: string) =>
        (await checkEngine(file, candidate, input.answers, limits)).failures.some((f) => signature(f) === same);
      return { file, text, reduce };
    },
  };
}
