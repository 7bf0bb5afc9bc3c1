// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeMarkdown } from '@/components/markdown/safe-markdown';

afterEach(cleanup);

describe('SafeMarkdown', () => {
  it('neutralises javascript: links', () => {
    const { container } = render(<SafeMarkdown>{'[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2))'}</SafeMarkdown>);
    const links = [...container.querySelectorAll('a')];
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
    expect(links[0]?.textContent).toBe('x');
  });

  it('shows raw HTML as text: no script, no event handler attributes', () => {
    const { container } = render(<SafeMarkdown>{'<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nhello <b>bold</b>'}</SafeMarkdown>);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
  });

  it('renders ordinary Markdown (GFM) and safe links', () => {
    const { container } = render(<SafeMarkdown>{'**pool** at 97/97\n\n- [x] done\n\n[runbook](https://example.com/runbook)'}</SafeMarkdown>);
    expect(container.querySelector('strong')?.textContent).toBe('pool');
    expect(container.querySelector('input[type="checkbox"]')).not.toBeNull();
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/runbook');
    expect(link?.getAttribute('rel')).toContain('noopener');
  });

  it('drops data: images unless inline images are allowed, and then only as image sources', () => {
    const svg = 'data:image/svg+xml;base64,PHN2Zy8+';
    const markdown = `![chart](${svg})\n\n[open](${svg})\n\n[bad](javascript:alert(1))\n\n![html](data:text/html;base64,PHNjcmlwdD4=)`;
    const plain = render(<SafeMarkdown>{markdown}</SafeMarkdown>).container;
    expect(plain.querySelector('img')).toBeNull();
    expect(plain.textContent).toContain('[image: chart]');
    cleanup();
    const preview = render(<SafeMarkdown inlineImages>{markdown}</SafeMarkdown>).container;
    expect(preview.querySelector('img[alt="chart"]')?.getAttribute('src')).toBe(svg);
    expect(preview.querySelector('img[alt="html"]')).toBeNull();
    for (const link of preview.querySelectorAll('a')) expect(link.getAttribute('href') ?? '').not.toMatch(/^(javascript|data):/i);
  });
});
