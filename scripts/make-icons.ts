/**
 * npm run icons — renders public/icon.svg into the raster icons browsers and phones ask for:
 * favicon.ico (16, 32 and 48 px), icon-192.png and icon-512.png (the web manifest's),
 * apple-touch-icon.png (180 px). The SVG is the source; the PNGs and the ICO are generated from it
 * and committed, so rerun this after changing the SVG.
 *
 * Chromium draws the SVG (the same renderer that shows it as a favicon), so no image library is
 * needed; the ICO is a small header in front of PNGs, which every current browser reads.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { launchChromium } from './support/chromium';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));
/** The dark theme's page background (app/globals.css --bg). */
const DARK_BG = '#0d1117';

interface Raster {
  size: number;
  /** Opaque tile behind the buoy: iOS fills a transparent touch icon with black and adds no margin. */
  background?: string;
  /** Margin on each side, as a share of the size, when there is a background. */
  padding?: number;
}

const ICO_SIZES = [16, 32, 48];
const PNGS: Record<string, Raster> = {
  'icon-192.png': { size: 192 },
  'icon-512.png': { size: 512 },
  'apple-touch-icon.png': { size: 180, background: DARK_BG, padding: 0.12 },
};

async function render(page: Page, svg: string, { size, background, padding = 0 }: Raster): Promise<Buffer> {
  const inner = Math.round(size * (1 - 2 * padding));
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${background ?? 'transparent'}">` +
      `<img src="${src}" width="${inner}" height="${inner}" alt=""></body></html>`,
  );
  await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
  return page.screenshot({ omitBackground: background === undefined, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An ICO file: a 6-byte header, one 16-byte entry per image, then the images (PNG-encoded). */
function packIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width; 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(({ png }) => png)]);
}

async function main(): Promise<void> {
  const svg = await readFile(`${PUBLIC}icon.svg`, 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    for (const [name, raster] of Object.entries(PNGS)) {
      await writeFile(`${PUBLIC}${name}`, await render(page, svg, raster));
      console.log(`public/${name} (${raster.size} px)`);
    }
    const images = [];
    for (const size of ICO_SIZES) images.push({ size, png: await render(page, svg, { size }) });
    await writeFile(`${PUBLIC}favicon.ico`, packIco(images));
    console.log(`public/favicon.ico (${ICO_SIZES.join(', ')} px)`);
  } finally {
    await browser.close();
  }
}

await main();
