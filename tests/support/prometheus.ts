/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: it throws on
 * anything a Prometheus server would reject and on what the format says must not happen
 * (a sample before or without its TYPE, a family split in two, a series twice, a bad escape).
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestampMs?: number;
}

export interface PromFamily {
  name: string;
  type: PromType;
  help?: string;
  samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<PromType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)$/;
const SUFFIXES: Record<PromType, string[]> = { counter: [], gauge: [], untyped: [], histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

export function parseExposition(text: string): Map<string, PromFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, PromFamily>();
  const seriesSeen = new Set<string>();
  /** Names that had a TYPE line (a family created by a HELP line alone has none). */
  const typed = new Set<string>();
  let current: string | undefined;
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!meta) return; // an ordinary comment
      const [, keyword, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) fail('invalid metric name');
      const family = families.get(name);
      if (family && family.samples.length > 0) fail('HELP/TYPE after the samples of its family');
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest as PromType)) fail('unknown type');
        if (typed.has(name)) fail('TYPE given twice');
        typed.add(name);
        families.set(name, { name, type: rest as PromType, help: family?.help, samples: [] });
      } else {
        if (family?.help !== undefined) fail('HELP given twice');
        const help = unescape(rest, false, fail);
        families.set(name, family ? { ...family, help } : { name, type: 'untyped', help, samples: [] });
      }
      return;
    }
    const sample = parseSample(line, fail);
    const familyName = familyOf(sample.name, families);
    if (!familyName || !typed.has(familyName)) fail('sample without a TYPE for its family');
    const family = families.get(familyName as string) as PromFamily;
    if (current !== familyName && family.samples.length > 0) fail('the samples of a family must be together');
    current = familyName;
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    if (seriesSeen.has(key)) fail('duplicate series');
    seriesSeen.add(key);
    family.samples.push(sample);
  });
  return families;
}

function familyOf(sampleName: string, families: Map<string, PromFamily>): string | undefined {
  if (families.has(sampleName)) return sampleName;
  for (const family of families.values()) {
    if (SUFFIXES[family.type].some((suffix) => sampleName === family.name + suffix)) return family.name;
  }
  return undefined;
}

function parseSample(line: string, fail: (why: string) => never): PromSample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) return fail('invalid metric name');
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) fail('invalid label name');
      const labelName = label as string;
      if (labelName.startsWith('__')) fail('reserved label name');
      if (labelName in labels) fail(`label ${labelName} twice`);
      rest = rest.slice(labelName.length);
      if (!rest.startsWith('="')) fail('expected ="');
      rest = rest.slice(2);
      let raw = '';
      for (;;) {
        if (rest === '') fail('unterminated label value');
        if (rest.startsWith('"')) break;
        if (rest.startsWith('\\')) {
          raw += rest.slice(0, 2);
          rest = rest.slice(2);
        } else {
          if (rest.startsWith('\n')) fail('raw newline in a label value');
          raw += rest[0];
          rest = rest.slice(1);
        }
      }
      labels[labelName] = unescape(raw, true, fail);
      rest = rest.slice(1);
      if (rest.startsWith(',')) {
        rest = rest.slice(1);
        if (rest.startsWith('}')) fail('trailing comma in labels');
      } else if (!rest.startsWith('}')) fail('expected , or }');
    }
    rest = rest.slice(1);
  }
  const parts = rest.split(' ');
  if (parts[0] !== '' || parts.length < 2 || parts.length > 3) fail('expected one space, a value and an optional timestamp');
  const valueText = parts[1] as string;
  if (!FLOAT.test(valueText)) fail('invalid value');
  const value = valueText.endsWith('Inf') ? (valueText.startsWith('-') ? -Infinity : Infinity) : Number(valueText);
  const sample: PromSample = { name, labels, value };
  if (parts[2] !== undefined) {
    if (!/^-?\d+$/.test(parts[2])) fail('invalid timestamp');
    sample.timestampMs = Number(parts[2]);
  }
  return sample;
}

/** Label values may escape \\, \" and \n; HELP text only \\ and \n. Anything else is an error. */
function unescape(raw: string, quoted: boolean, fail: (why: string) => never): string {
  return raw.replace(/\\(.?)/gs, (_, next: string) => {
    if (next === '\\') return '\\';
    if (next === 'n') return '\n';
    if (next === '"' && quoted) return '"';
    return fail(`invalid escape \\${next}`);
  });
}

/** The value of one series, or undefined when it is absent. */
export function seriesValue(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.get(name);
  const wanted = Object.entries(labels);
  const sample = family?.samples.find(
    (s) => s.name === name && Object.keys(s.labels).length === wanted.length && wanted.every(([key, value]) => s.labels[key] === value),
  );
  return sample?.value;
}
