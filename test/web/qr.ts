/**
 * Reading QR codes back in tests, with a QR reader independent of the writer (jsQR decodes what npm
 * `qrcode` drew): from PNG bytes, or from the SVG `qrcode` draws (rows of `h` runs, rasterised here).
 */
import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsqr is CommonJS with a default export: under NodeNext the types see the module object.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

/** The text a PNG's QR code carries, or undefined when none is found. */
export function readQrPng(bytes: Uint8Array): string | undefined {
  const png = PNG.sync.read(Buffer.from(bytes));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** The text the QR code in `svg` carries: the dark path's runs drawn at `scale` pixels a module. */
export function readQrSvg(svg: string, scale = 4): string | undefined {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const dark = /<path stroke="#000000" d="([^"]+)"/.exec(svg);
  if (box === null || dark === null) return undefined;
  const [w, h] = [Number(box[1]) * scale, Number(box[2]) * scale];
  const pixels = new Uint8ClampedArray(w * h * 4).fill(255);
  let [x, y] = [0, 0];
  for (const [, op, a, b] of dark[1].matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (op === "M") [x, y] = [Number(a), Number(b)];
    else if (op === "m") [x, y] = [x + Number(a), y + Number(b)];
    else {
      const row = Math.floor(y);
      for (let px = x * scale; px < (x + Number(a)) * scale; px++)
        for (let py = row * scale; py < (row + 1) * scale; py++)
          pixels.fill(0, (py * w + px) * 4, (py * w + px) * 4 + 3);
      x += Number(a);
    }
  }
  return jsQR(pixels, w, h)?.data;
}
