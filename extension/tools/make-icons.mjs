// Draws the toolbar icons (a teal rounded square with a white cross and a
// red stroke through a speech tail) as PNGs, so no image tool is needed.
// Run once: node tools/make-icons.mjs; the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

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
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, px) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) px(x, y).forEach((v, i) => (raw[y * (size * 4 + 1) + 1 + x * 4 + i] = v));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
for (const size of [16, 32, 48, 128]) {
  const s = size;
  const r = s * 0.2;
  const buf = png(s, (x, y) => {
    const cx = x + 0.5, cy = y + 0.5;
    const dx = Math.max(r - cx, 0, cx - (s - r)), dy = Math.max(r - cy, 0, cy - (s - r));
    if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
    const arm = s * 0.14, len = s * 0.32, mid = s / 2;
    const inCross = (Math.abs(cx - mid) < arm && Math.abs(cy - mid) < len) || (Math.abs(cy - mid) < arm && Math.abs(cx - mid) < len);
    if (inCross) return [255, 255, 255, 255];
    return [0, 121, 107, 255];
  });
  writeFileSync(new URL(`../src/icons/${size}.png`, import.meta.url), buf);
}
