import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkNames } from '../contract/checks/index.js';
import type { RunCredentials, TenantCredentials } from '../contract/credentials.js';
import { CREDENTIAL_VARIABLES, secretsOf } from '../contract/credentials.js';
import { ContractConfigError, RunInterrupted, TargetUnreachableError } from '../contract/errors.js';
import { ExchangeLog } from '../contract/exchange-log.js';
import { fetchMockCredentials } from '../contract/mock-credentials.js';
import { redactText } from '../contract/redaction.js';
import { renderConsoleReport } from '../contract/reporters/console-reporter.js';
import { renderJson } from '../contract/reporters/json-reporter.js';
import { renderCoverageHtml } from '../contract/reporters/coverage-html.js';
import { renderHar } from '../contract/reporters/har-reporter.js';
import { renderJunit } from '../contract/reporters/junit-reporter.js';
import { exitCodeOf } from '../contract/result.js';
import { MAX_WORKERS, normaliseBaseUrl } from '../contract/run-config.js';
import { DEFAULT_TIMEOUT_MS, runContract } from '../contract/runner.js';
import { DEFAULT_SPEC } from '../mock-server.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { progressPrinter, type Output } from './contract-progress.js';

export const DEFAULT_SUITE = `${PACKAGE_ROOT}contracts${sep}`;

export const EXIT = { passed: 0, failed: 1, usage: 2, unreachable: 3, interrupted: 130 } as const;

export interface ContractCliOptions {
  baseUrl: string;
  spec: string;
  overlay?: string;
  suite: string;
  projectKey?: string;
  jwt?: string;
  secondProjectKey?: string;
  secondJwt?: string;
  bearer?: string;
  auth?: string;
  apiKey?: Record<string, string>;
  header?: Record<string, string>;
  mockCredentials?: boolean;
  mockAdminToken?: string;
  checks?: string[];
  excludeChecks?: string[];
  readOnly?: boolean;
  strictAdditions?: boolean;
  maxResponseTime?: number;
  maxFailures?: number;
  rate?: number;
  workers: number | 'auto';
  timeout: number;
  junit?: string;
  json?: string;
  har?: string;
  harFailuresOnly?: boolean;
  coverage?: string;
  seed?: number;
}

/** What the command needs from the process; tests pass their own. */
export interface ContractIo {
  stdout: Output;
  stderr: Output;
  exit: (code: number) => void;
  /** Registers a handler for Ctrl-C (and termination); returns a function that removes it. */
  onInterrupt: (handler: () => void) => () => void;
}

export const processIo: ContractIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  exit: (code) => process.exit(code),
  // CI cancels with SIGTERM, a person with Ctrl-C: both stop the run and clean up.
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

export function contractCommand(io: ContractIo = processIo): Command {
  return (
    new Command('contract')
      .description(
        'Check a live server against the OpenAPI document (exit 0 passed, 1 failures, 2 usage/config/spec error, ' +
          '3 target unreachable)',
      )
      .addOption(
        new Option('--base-url <url>', 'the server to check, with any path prefix (e.g. https://api.pers.ninja/v2)')
          .env('PERS_MOCK_BASE_URL')
          .makeOptionMandatory(),
      )
      .addOption(
        new Option('--spec <file>', 'OpenAPI 3.0 or 3.1 document to check against')
          .env('PERS_MOCK_SPEC')
          .default(DEFAULT_SPEC, "pers-mock's openapi.yaml"),
      )
      .addOption(
        new Option('--overlay <file>', 'OpenAPI Overlay 1.0 file applied to the document before use').env(
          'PERS_MOCK_OVERLAY',
        ),
      )
      .addOption(
        new Option('--suite <path>', 'YAML suite file, or a directory of them').default(
          DEFAULT_SUITE,
          "pers-mock's contracts/",
        ),
      )
      .addOption(
        new Option('--project-key <key>', 'x-project-key of the first tenant').env(CREDENTIAL_VARIABLES.projectKey),
      )
      .addOption(new Option('--jwt <token>', 'bearer JWT of the first tenant').env(CREDENTIAL_VARIABLES.jwt))
      .addOption(
        new Option('--second-project-key <key>', 'x-project-key of a second tenant (tenant isolation)').env(
          CREDENTIAL_VARIABLES.secondProjectKey,
        ),
      )
      .addOption(
        new Option('--second-jwt <token>', 'bearer JWT of the second tenant').env(CREDENTIAL_VARIABLES.secondJwt),
      )
      .addOption(
        new Option('--bearer <token>', 'token for HTTP bearer, OAuth 2 and OpenID Connect schemes').env(
          CREDENTIAL_VARIABLES.bearer,
        ),
      )
      .addOption(
        new Option('--auth <user:password>', 'credentials for HTTP basic schemes')
          .env(CREDENTIAL_VARIABLES.auth)
          .argParser(basicCredentials),
      )
      .addOption(
        new Option(
          '--api-key <name=value>',
          'an API key, by the name of its header, query parameter or cookie (repeatable; env: one per line)',
        )
          .env('PERS_MOCK_API_KEYS')
          .argParser(pairs('--api-key', '=')),
      )
      .addOption(
        new Option('--header <"name: value">', 'a header for every request (repeatable; env: one per line)')
          .env('PERS_MOCK_HEADERS')
          .argParser(pairs('--header', ':')),
      )
      .addOption(
        new Option('--mock-credentials', "take missing credentials from a pers-mock target's GET /__mock/credentials"),
      )
      .addOption(
        new Option('--mock-admin-token <token>', 'x-admin-token for --mock-credentials, when the mock has one').env(
          'PERS_MOCK_ADMIN_TOKEN',
        ),
      )
      .addOption(
        new Option(
          '--checks <names>',
          `comma-separated checks to run (default: all but max_response_time): ${checkNames.join(', ')}`,
        ).argParser(names),
      )
      .addOption(new Option('--exclude-checks <names>', 'comma-separated checks not to run').argParser(names))
      .addOption(new Option('--read-only', 'send only GET, HEAD and OPTIONS; create nothing'))
      .addOption(
        new Option(
          '--strict-additions',
          "fail (not warn about) accepted inputs only pers-mock's own constraints forbid (x-published-as)",
        ),
      )
      .addOption(
        new Option('--max-response-time <ms>', 'enable max_response_time: fail responses slower than this').argParser(
          positiveInteger('--max-response-time'),
        ),
      )
      .addOption(
        new Option('--max-failures <n>', 'stop sending requests after n distinct failures, clean up, report').argParser(
          positiveInteger('--max-failures'),
        ),
      )
      .addOption(
        new Option('--rate <n>', 'at most this many requests per second, all workers together').argParser(
          positiveNumber('--rate'),
        ),
      )
      .addOption(
        new Option('--workers <n>', `requests in flight at once, 1-${MAX_WORKERS} or auto (8; 4 on one CPU)`)
          .default('auto')
          .argParser(workers),
      )
      .addOption(
        new Option('--timeout <ms>', 'per-request timeout')
          .default(DEFAULT_TIMEOUT_MS)
          .argParser(positiveInteger('--timeout')),
      )
      .addOption(new Option('--junit <file>', 'write a JUnit XML report'))
      .addOption(new Option('--json <file>', 'write the full result as JSON'))
      .addOption(new Option('--har <file>', 'write every exchange of the run as HAR 1.2 (secrets redacted)'))
      .addOption(new Option('--har-failures-only', 'with --har, only the exchanges some check failed'))
      .addOption(
        new Option('--coverage <file>', 'write the coverage (responses seen, parameters sent) as one HTML page'),
      )
      .addOption(new Option('--seed <n>', 'seed for generated inputs (default: random, printed)').argParser(seed))
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
      // Commander's own errors (unknown flag, bad value, missing --base-url) are usage errors: 2.
      .exitOverride((error) => io.exit(error.exitCode === 0 ? 0 : EXIT.usage))
      .action(async (options: ContractCliOptions) => io.exit(await runContractCommand(options, io)))
  );
}

/** Runs the check and prints and writes its reports; returns the exit code. */
export async function runContractCommand(options: ContractCliOptions, io: ContractIo): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const removeHandler = io.onInterrupt(() => {
    interrupts++;
    if (interrupts > 1) {
      io.stderr.write('\npers-mock contract: interrupted again; exiting without finishing cleanup\n');
      io.exit(EXIT.interrupted);
    }
    io.stderr.write('\npers-mock contract: interrupted; deleting what the run created (Ctrl-C again to quit now)\n');
    controller.abort();
  });
  let credentials: RunCredentials = credentialsFrom(options);
  const progress = progressPrinter(io.stderr);
  const log = options.har ? new ExchangeLog() : undefined;
  try {
    // A malformed URL is a usage error even when fetching the mock's credentials comes first.
    const baseUrl = normaliseBaseUrl(options.baseUrl);
    if (options.harFailuresOnly && !options.har)
      throw new ContractConfigError('--har-failures-only needs --har FILE to say where the exchanges go');
    if (options.mockCredentials)
      credentials = fillIn(credentials, await fetchMockCredentials(baseUrl, options.timeout, options.mockAdminToken));
    const result = await runContract({
      baseUrl,
      specFile: options.spec,
      overlayFile: options.overlay,
      suitePath: options.suite,
      credentials,
      checks: options.checks,
      excludeChecks: options.excludeChecks,
      readOnly: options.readOnly,
      strictAdditions: options.strictAdditions,
      maxResponseTimeMs: options.maxResponseTime,
      maxFailures: options.maxFailures,
      rate: options.rate,
      workers: options.workers === 'auto' ? undefined : options.workers,
      timeoutMs: options.timeout,
      seed: options.seed,
      signal: controller.signal,
      onProgress: progress.update,
      log,
    });
    progress.done();
    io.stdout.write(renderConsoleReport(result));
    await writeReport(options.junit, () => renderJunit(result));
    await writeReport(options.json, () => renderJson(result));
    await writeReport(options.coverage, () => renderCoverageHtml(result));
    await writeReport(options.har, () =>
      renderHar(log!.entries(), { failuresOnly: options.harFailuresOnly, version: packageVersion() }),
    );
    return exitCodeOf(result);
  } catch (error) {
    progress.done();
    const message = redactText((error as Error).message, secretsOf(credentials));
    if (error instanceof ContractConfigError) {
      io.stderr.write(`pers-mock contract: ${message}\n`);
      return EXIT.usage;
    }
    if (error instanceof TargetUnreachableError) {
      io.stderr.write(`pers-mock contract: ${message}\n`);
      return EXIT.unreachable;
    }
    if (error instanceof RunInterrupted) {
      io.stderr.write('pers-mock contract: interrupted before anything was created\n');
      return EXIT.interrupted;
    }
    throw error;
  } finally {
    removeHandler();
  }
}

function credentialsFrom(options: ContractCliOptions): RunCredentials {
  const second: TenantCredentials = { projectKey: options.secondProjectKey, jwt: options.secondJwt };
  return {
    primary: {
      projectKey: options.projectKey,
      jwt: options.jwt,
      bearer: options.bearer,
      basic: options.auth,
      apiKeys: options.apiKey,
      headers: options.header,
    },
    ...(second.projectKey || second.jwt ? { second } : {}),
  };
}

/** Given credentials win; the mock's fill the gaps. */
function fillIn(given: RunCredentials, fromMock: RunCredentials): RunCredentials {
  const merge = (a: TenantCredentials | undefined, b: TenantCredentials | undefined): TenantCredentials => ({
    ...a,
    projectKey: a?.projectKey ?? b?.projectKey,
    jwt: a?.jwt ?? b?.jwt,
    schemes: { ...b?.schemes, ...a?.schemes },
  });
  const second = given.second || fromMock.second ? merge(given.second, fromMock.second) : undefined;
  return { primary: merge(given.primary, fromMock.primary), ...(second ? { second } : {}) };
}

/** `user:password`, as HTTP basic needs it. */
function basicCredentials(value: string): string {
  if (!value.includes(':')) throw new InvalidArgumentError(`--auth takes USER:PASSWORD, not "${value}"`);
  return value;
}

/**
 * `name=value` (or `Name: value`) pairs, one per flag or one per line of the environment
 * variable, collected into one record.
 */
function pairs(flag: string, separator: '=' | ':') {
  return (value: string, previous: Record<string, string> | undefined): Record<string, string> => {
    const collected = { ...previous };
    for (const line of value.split(/\r?\n/).filter((l) => l.trim() !== '')) {
      const at = line.indexOf(separator);
      const name = line.slice(0, at).trim();
      if (at <= 0 || name === '')
        throw new InvalidArgumentError(`${flag} takes NAME${separator === '=' ? '=' : ': '}VALUE, not "${line}"`);
      collected[name] = line.slice(at + 1).trim();
    }
    return collected;
  };
}

async function writeReport(file: string | undefined, render: () => string): Promise<void> {
  if (!file) return;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, render());
  } catch (error) {
    throw new ContractConfigError(`cannot write ${file}: ${(error as Error).message}`);
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, 'utf8')) as { version: string }).version;
}

function names(value: string): string[] {
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) === 0)
      throw new InvalidArgumentError(`${flag} takes a whole number above 0, not "${value}"`);
    return Number(value);
  };
}

function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${flag} takes a number above 0, not "${value}"`);
    return n;
  };
}

function workers(value: string): number | 'auto' {
  if (value === 'auto') return value;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WORKERS)
    throw new InvalidArgumentError(`--workers takes a whole number from 1 to ${MAX_WORKERS}, or auto, not "${value}"`);
  return Number(value);
}

function seed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1)
    throw new InvalidArgumentError(`--seed takes a whole number from 0 to ${2 ** 32 - 1}, not "${value}"`);
  return Number(value);
}
