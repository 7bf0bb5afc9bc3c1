import { parseArgs } from 'node:util';
import { checkBudget, LifeguardError } from './lifeguard-api.ts';

/**
 * `pg-lifeguard check`: asks Lifeguard whether a planned fleet fits beside everything else that
 * reports to the target, so a CI pipeline or a deploy script can refuse a rollout that would
 * flood the database. Exit status: 0 fits, 1 does not fit, 2 cannot tell (bad arguments,
 * Lifeguard unreachable or refusing, no sample of the target yet).
 */
export const USAGE = `usage: pg-lifeguard check --target NAME --application NAME --instances N --pool-max N
                          [--url URL] [--token TOKEN] [--json]

  --target        the Lifeguard target name of the database
  --application   the application being deployed (its other instances are replaced by the plan)
  --instances     how many instances the deploy will run
  --pool-max      the pool max each instance will have
  --url           Lifeguard's base URL (env LIFEGUARD_URL, default http://localhost:3000)
  --token         a token Lifeguard accepts (env LIFEGUARD_TOKEN, else LIFEGUARD_INGEST_TOKEN)
  --json          print Lifeguard's answer as JSON

Exit status: 0 the plan fits, 1 it does not, 2 cannot tell.`;

export const EXIT = { fits: 0, doesNotFit: 1, cannotTell: 2 } as const;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const console_: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(argv: readonly string[], env: Record<string, string | undefined>, io: Output = console_): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return EXIT.fits;
  }
  if (command !== 'check') {
    io.err(command === undefined ? USAGE : `pg-lifeguard: unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return EXIT.cannotTell;
  }
  const parsed = parseCheckArgs(rest);
  if (typeof parsed === 'string') {
    io.err(`pg-lifeguard: ${parsed}\n${USAGE}`);
    return EXIT.cannotTell;
  }
  const values = parsed;
  const missing = (['target', 'application', 'instances', 'pool-max'] as const).filter((flag) => values[flag] === undefined);
  if (missing.length > 0) {
    io.err(`pg-lifeguard: missing ${missing.map((flag) => `--${flag}`).join(', ')}\n${USAGE}`);
    return EXIT.cannotTell;
  }
  const instances = wholeNumber(values.instances);
  const poolMax = wholeNumber(values['pool-max']);
  if (instances === null || poolMax === null) {
    io.err(`pg-lifeguard: ${instances === null ? '--instances' : '--pool-max'} must be a whole number`);
    return EXIT.cannotTell;
  }
  const url = values.url ?? env.LIFEGUARD_URL ?? 'http://localhost:3000';
  const token = values.token ?? env.LIFEGUARD_TOKEN ?? env.LIFEGUARD_INGEST_TOKEN;
  try {
    const answer = await checkBudget({ url, token, timeoutMs: 10_000 }, { target: values.target ?? '', application: values.application ?? '', instances, poolMax });
    if (values.json) io.out(JSON.stringify(answer, null, 2));
    else io.out(`${answer.fits === null ? 'cannot tell' : answer.fits ? 'fits' : 'does not fit'}: ${answer.arithmetic}`);
    return answer.fits === null ? EXIT.cannotTell : answer.fits ? EXIT.fits : EXIT.doesNotFit;
  } catch (error) {
    const reason = error instanceof LifeguardError ? error.message : `cannot reach Lifeguard at ${url}: ${describe(error)}`;
    io.err(`pg-lifeguard: ${reason}`);
    return EXIT.cannotTell;
  }
}

function parseCheckArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: {
        target: { type: 'string' },
        application: { type: 'string' },
        instances: { type: 'string' },
        'pool-max': { type: 'string' },
        url: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // parseArgs says what is wrong: "Unknown option '--pool'", "Option '--target' argument missing".
    return error instanceof Error ? error.message : String(error);
  }
}

/** "12" → 12; anything else (12.5, "12x", "") → null. The server checks the range and says so. */
function wholeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the network failure ("fetch failed"); its cause says what happened (ECONNREFUSED …).
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
