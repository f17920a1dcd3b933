/** The `archlens` command: exit 0/1 per --fail-on, 2 with a one-line reason for usage or internal errors. */
import { main } from './cli/main';
import { processIo, UsageError } from './cli/io';
import { terminalLine } from './core/escape';

// bin/archlens.js has run cli/start.ts before this bundle loaded: V8 tuned for a check, the code cache.

// `archlens check | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2), processIo()).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    // Never a stack trace for the user: one line saying what went wrong (ARCHLENS_DEBUG shows the stack).
    const reason = error instanceof UsageError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(terminalLine(`archlens: ${reason.split('\n')[0]}\n`));
    if (process.env.ARCHLENS_DEBUG && error instanceof Error && !(error instanceof UsageError)) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
