// @vitest-environment jsdom
// jsdom's DOMParser is the real XML parser here (jsdom ships no types, so it comes in as the environment).
import { describe, expect, it } from 'vitest';
import { renderChartSvg, splitRuns, type ChartInput } from '@/lib/postmortem/chart-svg';
import type { Point } from '@/lib/samples/series';

const FROM = Date.parse('2026-11-26T09:48:00Z');
const TO = Date.parse('2026-11-26T12:17:00Z');
const STEP = 60_000;

function points(values: (number | null)[], start = FROM): Point[] {
  return values.map((value, index) => [start + index * STEP, value]);
}

function chart(overrides: Partial<ChartInput> = {}): ChartInput {
  return {
    title: 'worksmart-db — connections during INC-12',
    from: FROM,
    to: TO,
    total: { stepMs: STEP, points: points([10, 40, 97, 97, null, null, 97, 60, 12]) },
    usable: { stepMs: STEP, points: points([97, 97, 97, 97, 97, 97, 97, 97, 97]) },
    startedAt: Date.parse('2026-11-26T10:00:00Z'),
    resolvedAt: Date.parse('2026-11-26T12:05:00Z'),
    ...overrides,
  };
}

function parseSvg(svg: string): Document {
  return new DOMParser().parseFromString(svg, 'image/svg+xml');
}

describe('splitRuns', () => {
  it('breaks the line at null values and at silences longer than a few buckets', () => {
    const series = { stepMs: 60_000, points: [...points([1, 2, null, 3]), [FROM + 60 * 60_000, 4], [FROM + 61 * 60_000, 5]] as Point[] };
    expect(splitRuns(series).map((run) => run.map(([, value]) => value))).toEqual([[1, 2], [3], [4, 5]]);
  });

  it('keeps a line whole across a missing bucket or two', () => {
    const series = { stepMs: 60_000, points: [[FROM, 1], [FROM + 3 * 60_000, 2]] as Point[] };
    expect(splitRuns(series)).toHaveLength(1);
  });
});

describe('renderChartSvg', () => {
  it('is well-formed SVG of the expected size, with no script or external reference', () => {
    const svg = renderChartSvg(chart());
    const document = parseSvg(svg);
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = document.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('width')).toBe('640');
    expect(root.getAttribute('height')).toBe('240');
    expect(svg).not.toMatch(/<script|href=|@import|url\(/);
  });

  it('draws each run of the connections as its own polyline and the usable limit dashed', () => {
    const document = parseSvg(renderChartSvg(chart()));
    const lines = [...document.getElementsByTagName('polyline')];
    const solid = lines.filter((line) => !line.hasAttribute('stroke-dasharray'));
    const dashed = lines.filter((line) => line.hasAttribute('stroke-dasharray'));
    expect(solid).toHaveLength(2);
    expect(solid.map((line) => line.getAttribute('points')?.split(' ').length)).toEqual([4, 3]);
    expect(dashed).toHaveLength(1);
    expect(dashed[0]?.getAttribute('points')?.split(' ')).toHaveLength(9);
  });

  it('labels the axes in UTC and marks the start and resolve times', () => {
    const document = parseSvg(renderChartSvg(chart()));
    const texts = [...document.getElementsByTagName('text')].map((node) => node.textContent);
    expect(texts).toEqual(expect.arrayContaining(['10:00', '10:30', '12:00', 'start 10:00', 'resolved 12:05', 'UTC, 2026-11-26', 'usable 97', '0', '100']));
  });

  it('draws the worst application p95 on its own millisecond axis beside the connections, in a taller chart', () => {
    const svg = renderChartSvg(chart({ latency: { stepMs: STEP, points: points([3, 40, 229, 180, null, null, 90, 10, 4]) } }));
    const document = parseSvg(svg);
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(document.documentElement.getAttribute('height')).toBe('256');
    const amber = [...document.getElementsByTagName('polyline')].filter((line) => line.getAttribute('stroke') === '#d97706');
    expect(amber.map((line) => line.getAttribute('points')?.split(' ').length)).toEqual([4, 3]);
    const texts = [...document.getElementsByTagName('text')].map((node) => node.textContent);
    expect(texts).toEqual(expect.arrayContaining(['0 ms', '400 ms', 'worst application p95 query latency (ms, right axis)', 'usable 97']));
    // Without reports (or with only gaps) the chart is as before.
    expect(renderChartSvg(chart({ latency: { stepMs: STEP, points: points([null, null]) } }))).toBe(renderChartSvg(chart()));
  });

  it('escapes text: a target named <script> is shown, never run', () => {
    const svg = renderChartSvg(chart({ title: '<script>alert("x")</script> & co' }));
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).not.toContain('<script');
    const document = parseSvg(svg);
    expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
    expect(document.getElementsByTagName('title')[0]?.textContent).toBe('<script>alert("x")</script> & co');
  });

  it('draws a lone point as a dot and an ongoing incident without a resolve marker', () => {
    const svg = renderChartSvg(chart({ total: { stepMs: STEP, points: points([null, 5, null]) }, resolvedAt: null }));
    expect(svg).toContain('<circle');
    expect(svg).not.toContain('resolved');
  });
});
