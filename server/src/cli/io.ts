import { MAX_FILE_BYTES } from '../engine/analyze';
import { terminalLine } from '../core/escape';
import type { ReportInput } from '../output/report';

/** Where the CLI writes and what it knows about its surroundings; tests and the entry point supply it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stdout is a terminal (colour allowed). */
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Standard input, read whole (`archlens check -`). */
  stdin(): Promise<StdinText>;
  /** Sees each check's results after they are printed (the GitHub Action writes its summary from them). */
  onReport?: (input: ReportInput) => void;
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
    stdin: () => readStdin(process.stdin),
  };
}

/** Colour when stdout is a terminal, unless NO_COLOR; FORCE_COLOR forces it. */
export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

/** Standard input as read: the text without its BOM, and whether it was cut at the size limit. */
export interface StdinText { text: string; bom: boolean; tooLarge: boolean }

/** Reads a stream whole, up to the analysis limit (a larger input is not read to its end). */
export async function readStdin(stream: NodeJS.ReadableStream, maxBytes = MAX_FILE_BYTES): Promise<StdinText> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.length;
    if (size > maxBytes) return { text: '', bom: false, tooLarge: true };
  }
  const all = Buffer.concat(chunks);
  const bom = all.length >= 3 && all[0] === 0xef && all[1] === 0xbb && all[2] === 0xbf;
  return { text: all.toString('utf8', bom ? 3 : 0), bom, tooLarge: false };
}
