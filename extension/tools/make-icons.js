// Draws the toolbar and store icons (a magnifying glass on a rounded
// square) as PNGs, with no dependencies: node tools/make-icons.js
import { deflateSync } from "node:zlib";
import { writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const out = fileURLToPath(new URL("../icons/", import.meta.url));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y, size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));
const BG = [26, 115, 232];
const FG = [255, 255, 255];

// pixel samples 4×4 points per pixel and mixes background and glass.
function pixel(x, y, size) {
  let cover = 0;
  let glass = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const u = (x + (i + 0.5) / 4) / size;
      const v = (y + (j + 0.5) / 4) / size;
      const r = 0.2; // corner radius of the square
      const dx = Math.max(r - u, u - (1 - r), 0);
      const dy = Math.max(r - v, v - (1 - r), 0);
      if (dx * dx + dy * dy > r * r) continue;
      cover++;
      const d = Math.hypot(u - 0.43, v - 0.43);
      const ring = d > 0.19 && d < 0.29;
      const t = (u - 0.6 + (v - 0.6)) / 2; // along the handle's axis
      const off = Math.abs(u - v) / Math.SQRT2;
      const handle = t > 0.02 && t < 0.2 && off < 0.065;
      if (ring || handle) glass++;
    }
  }
  const a = cover / 16;
  const g = cover ? glass / cover : 0;
  const c = BG.map((b, k) => Math.round(b + (FG[k] - b) * clamp(g)));
  return [...c, Math.round(a * 255)];
}

mkdirSync(out, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  writeFileSync(`${out}icon${size}.png`, png(size, pixel));
}
console.log("icons written to", out);
