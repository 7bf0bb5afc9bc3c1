import { chromium, type Browser } from '@playwright/test';

/**
 * Debian's Chromium (Playwright cannot download its own here), with the flags that keep it quiet
 * and self-contained: no sandbox (root in a container), no GPU, no network of its own.
 * playwright.config.ts launches the end-to-end tests' browser with the same flags.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
