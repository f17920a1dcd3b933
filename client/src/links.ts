/** Report links the Markdown preview will follow. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `](file:///abs/path#L3)` → `](../../abs/path#L3)` relative to `fromDir` (left alone across drives). */
export function relativeLinks(markdown: string, fromDir: string): string {
  return markdown.replace(/\]\((file:\/\/[^)\s]+)\)/g, (whole, target: string) => {
    const hash = target.indexOf('#');
    const fragment = hash >= 0 ? target.slice(hash) : '';
    let file: string;
    try {
      file = fileURLToPath(hash >= 0 ? target.slice(0, hash) : target);
    } catch {
      return whole;
    }
    const relative = path.relative(fromDir, file);
    if (path.isAbsolute(relative)) return whole;
    return `](${relative.split(path.sep).map(encodeURIComponent).join('/')}${fragment})`;
  });
}
