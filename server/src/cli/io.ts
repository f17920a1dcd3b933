/** Where the CLI writes and what it knows about its surroundings; tests and the entry point supply it. */
import { terminalLine } from '../output/escape';
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colour allowed). */
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A usage or internal error: exit 2 with this one-line reason. */
export class UsageError extends Error {}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(terminalLine(text)), // one line per call; names and messages in it may hold control characters
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** Colour when stdout is a terminal, unless NO_COLOR; FORCE_COLOR forces it. */
export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}
