/** The standard scenario set-up: loopback registry + packaged .vsix + one workbench session. */
import { useSession } from './mocha';
import { startE2ERegistry, type E2ERegistry } from './registry';
import type { E2ESession } from './session';
import { packageExtension } from './vsix';

export interface ScenarioOptions {
  scenario: string;
  files: Record<string, string>;
  trusted: boolean;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Scenario {
  session(): E2ESession;
  registry(): E2ERegistry;
}

export function useScenario(options: ScenarioOptions): Scenario {
  let registry: E2ERegistry | undefined;
  const session = useSession(
    async () => {
      const vsix = await packageExtension();
      registry = await startE2ERegistry();
      return {
        scenario: options.scenario,
        files: options.files,
        trusted: options.trusted,
        vsix,
        settings: { ...registry.settings, ...options.settings },
        ...(options.env ? { env: options.env } : {}),
      };
    },
    async () => {
      await registry?.stop();
    },
  );
  return {
    session,
    registry: () => {
      if (!registry) throw new Error('the scenario registry did not start');
      return registry;
    },
  };
}
