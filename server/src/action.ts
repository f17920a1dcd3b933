/** The GitHub Action's entry point (dist/action.mjs, started by action.yml): see action/main.ts. */
import { runAction } from './action/main';

void runAction().then((code) => {
  process.exitCode = code;
});
