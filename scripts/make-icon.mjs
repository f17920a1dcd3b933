// Draws the extension icon (images/icon.png, 128×128): two CPU chips, blue (amd64) and amber
// (arm64), on a dark rounded square. A tiny PNG encoder so no image tool is needed.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

const W = 128, H = 128;
const px = new Uint8Array(W * H * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  if (x < 0 || y < 0 || x >= W || y >= H) return;
  const i = (y * W + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
};
const rect = (x0, y0, x1, y1, c) => { for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) set(x, y, c); };
const BG = [20, 50, 74], BLUE = [94, 200, 242], AMBER = [242, 184, 75], WHITE = [255, 255, 255];

// Rounded background.
const R = 22;
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
  const cx = Math.min(Math.max(x, R), W - 1 - R), cy = Math.min(Math.max(y, R), H - 1 - R);
  if ((x - cx) ** 2 + (y - cy) ** 2 <= R * R) set(x, y, BG);
}
const chip = (x0, c) => {
  rect(x0, 40, x0 + 34, 88, c);             // body
  rect(x0 + 6, 46, x0 + 28, 82, BG);        // die window
  rect(x0 + 11, 51, x0 + 23, 77, c);        // die
  for (const px0 of [x0 + 5, x0 + 15, x0 + 25]) { rect(px0, 30, px0 + 4, 38, c); rect(px0, 90, px0 + 4, 98, c); } // pins
};
chip(22, BLUE);
chip(72, AMBER);
// A lens dot between them: "which one runs here?"
for (let y = 56; y <= 72; y++) for (let x = 57; x <= 70; x++) if ((x - 63.5) ** 2 + (y - 64) ** 2 <= 36) set(x, y, WHITE);

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(W, 0); ihdr.writeUInt32BE(H, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const raw = Buffer.alloc((W * 4 + 1) * H);
for (let y = 0; y < H; y++) { raw[y * (W * 4 + 1)] = 0; Buffer.from(px.buffer, y * W * 4, W * 4).copy(raw, y * (W * 4 + 1) + 1); }
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
fs.mkdirSync('images', { recursive: true });
fs.writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${png.length} bytes`);
