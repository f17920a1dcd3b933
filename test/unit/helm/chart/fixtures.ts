/** Test helpers: charts in memory and .tgz archives built on the fly (ustar + gzip). */
import { gzipSync } from 'node:zlib';
import { MemorySource } from '../../../../server/src/helm/chart/source';

/** A gzipped tar holding the files under `top/` (as `helm package` lays them out). */
export function tgz(top: string, files: Record<string, string>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const header = Buffer.alloc(512);
    header.write(`${top}/${name}`, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A source holding one chart at /chart from relative paths. */
export function chartSource(files: Record<string, string | Uint8Array>, root = '/chart'): MemorySource {
  const abs: Record<string, string | Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) abs[`${root}/${k}`] = v;
  return new MemorySource(abs);
}
