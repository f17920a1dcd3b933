/** What a COPY or ADD instruction copies, read once for every rule and fact that asks. */
import type { DfInstruction, DockerfileModel } from './model';
import { splitWords, type WordToken } from './vars';

export interface CopyOperands {
  /** `--from=…`: it copies from another stage or image, not from the build context. */
  from: boolean;
  /** The source paths (or URLs), quotes taken off; a heredoc (`<<EOF`) is no source. */
  sources: string[];
  destination?: string;
}

/**
 * The operands of a COPY or ADD: its flags apart, the last word is the destination and the others
 * are sources. The exec form (`COPY ["a b", "/c"]`) is read as the JSON array it is; a heredoc's
 * body follows its first line, where only the operands are.
 */
export function copyOperands(model: DockerfileModel, ins: DfInstruction): CopyOperands {
  const words = operandText(model, ins).words.map((w) => w.text);
  const from = words.some((w) => /^--from(?:=|$)/.test(w));
  const operands = words.filter((w) => !w.startsWith('--'));
  const exec = operands.join(' ').trim();
  const paths = exec.startsWith('[') ? jsonStrings(exec) ?? [] : operands.map((w) => w.replace(/^["']|["']$/g, ''));
  return { from, sources: paths.slice(0, -1).filter((s) => !s.startsWith('<<')), destination: paths[paths.length - 1] };
}

function jsonStrings(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The instruction's words with their offsets: its first line only when a heredoc body follows. */
function operandText(model: DockerfileModel, ins: DfInstruction): { text: string; words: WordToken[] } {
  let text = model.text.slice(ins.argsStart, ins.end);
  const firstLine = text.split(/\r?\n/, 1)[0];
  if (firstLine.includes('<<')) text = firstLine;
  return { text, words: splitWords(text, ins.argsStart, model.escape) };
}

/**
 * The source operands of a COPY or ADD as written, with their offsets (for ranges and edits): flags,
 * the destination and heredocs left out; none for the exec form, whose offsets are the JSON's.
 */
export function copySourceWords(model: DockerfileModel, ins: DfInstruction): WordToken[] {
  const { text, words } = operandText(model, ins);
  if (text.trimStart().startsWith('[')) return [];
  return words.filter((w) => !w.text.startsWith('--')).slice(0, -1).filter((w) => !w.text.startsWith('<<'));
}
