/** The GitHub Action's entry point (dist/action.mjs, started by action.yml): see action/main.ts. */
import { runAction } from './action/main';
import { tuneV8ForOneShotCheck } from './cli/v8-tuning';

// The action is one check of the repository, as `archlens check` is (cli/v8-tuning.ts).
tuneV8ForOneShotCheck();

void runAction().then((code) => {
  process.exitCode = code;
});
