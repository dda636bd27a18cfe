#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseLatency } from '../server/chaos.js';
import type { ProxyCliOptions } from './proxy.js';
import { serve, type ServeOptions } from './serve.js';

/** Every command's usage errors (unknown flag, malformed value, missing option) exit 2, as `contract`'s do. */
const USAGE_ERROR_EXIT = 2;

const program = new Command()
  .name('pers-mock')
  .description('High-fidelity mock and contract-test server for the PERS API')
  // Set before the commands are added, so that they inherit it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : USAGE_ERROR_EXIT));

program
  .command('serve', { isDefault: true })
  .description('Serve the PERS trigger-sources API with real state')
  .addOption(new Option('--port <number>', 'port to listen on').env('PORT').default(4010).argParser(port))
  .addOption(new Option('--host <address>', 'address to listen on').env('HOST').default('127.0.0.1'))
  .addOption(new Option('--db <path>', 'JSON store file, or :memory:').env('PERS_MOCK_DB').default('./data/db.json'))
  .addOption(
    new Option('--store <url>', 'keep the data in PostgreSQL (postgres://…), shared by replicas; not with --db')
      .env('PERS_MOCK_STORE')
      .argParser(postgresUrl),
  )
  .addOption(
    new Option('--seed <number>', 'seed of the data seeded in a new store, by --fresh and on resets')
      .env('PERS_MOCK_SEED')
      .default(2013)
      .argParser(whole('--seed')),
  )
  .addOption(
    new Option('--records <number>', 'trigger sources seeded per tenant')
      .env('PERS_MOCK_RECORDS')
      .default(25)
      .argParser(whole('--records')),
  )
  .addOption(
    new Option('--jwt-secret <secret>', 'verify HS256 JWT signatures with this secret').env('PERS_MOCK_JWT_SECRET'),
  )
  .addOption(new Option('--spec <file>', 'OpenAPI 3.0 or 3.1 document to serve (YAML or JSON)').env('PERS_MOCK_SPEC'))
  .addOption(
    new Option('--overlay <file>', 'OpenAPI Overlay 1.0 file applied to the document before use').env(
      'PERS_MOCK_OVERLAY',
    ),
  )
  .addOption(new Option('--tenants <file>', 'tenants file').env('PERS_MOCK_TENANTS'))
  .addOption(
    new Option('--validate-responses', 'log every response that does not match the document').env(
      'PERS_MOCK_VALIDATE_RESPONSES',
    ),
  )
  .addOption(
    new Option('--admin-token <token>', 'require x-admin-token on /__mock endpoints other than health').env(
      'PERS_MOCK_ADMIN_TOKEN',
    ),
  )
  .addOption(
    new Option('--cors-origin <origins>', 'comma-separated origins allowed to call from a browser, or *')
      .env('PERS_MOCK_CORS_ORIGIN')
      .argParser(list),
  )
  .addOption(
    new Option('--latency <min-max>', 'add MIN-MAX ms (uniform) to every API response')
      .env('PERS_MOCK_LATENCY')
      .argParser(latency),
  )
  .addOption(
    new Option('--error-rate <p>', 'answer this fraction (0-1) of API requests with a retryable 503')
      .env('PERS_MOCK_ERROR_RATE')
      .argParser(fraction),
  )
  .addOption(
    new Option('--chaos-seed <number>', 'make the latency and error sequence reproducible')
      .env('PERS_MOCK_CHAOS_SEED')
      .argParser(whole('--chaos-seed')),
  )
  .addOption(new Option('--watch', 'reload the OpenAPI document when it changes, keeping state').env('PERS_MOCK_WATCH'))
  .addOption(
    new Option('--fresh', 'discard the stored data and seed the store again from --seed and --records').env(
      'PERS_MOCK_FRESH',
    ),
  )
  .addOption(
    new Option('--recover', 'if the store file is unreadable, move it aside and seed a fresh one').env(
      'PERS_MOCK_RECOVER',
    ),
  )
  .addOption(new Option('--reset', 'deprecated: the old name of --recover').env('PERS_MOCK_RESET'))
  .addOption(
    new Option('--log-level <level>', 'log level')
      .env('PERS_MOCK_LOG_LEVEL')
      .default('info')
      .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  )
  .action((options: ServeOptions, command: Command) => serve(withSharedStore(options, command)));

// The contract runner is a tenth of a second of module loading that `serve` never needs: it is
// loaded only when asked for; otherwise a stand-in keeps it listed in the top-level help.
if (process.argv.slice(2).includes('contract')) {
  program.addCommand((await import('./contract-command.js')).contractCommand());
} else {
  program
    .command('contract')
    .description('Check a live server against the OpenAPI document (see: pers-mock contract --help)');
}

program
  .command('proxy')
  .description('Forward every request to a real server and check both directions against the document')
  .addOption(
    new Option('--upstream <url>', 'the server to forward to, e.g. https://api.pers.ninja/v2')
      .env('PERS_MOCK_UPSTREAM')
      .argParser(upstreamUrl)
      .makeOptionMandatory(),
  )
  .addOption(new Option('--spec <file>', 'OpenAPI 3.0 or 3.1 document to check against').env('PERS_MOCK_SPEC'))
  .addOption(
    new Option('--overlay <file>', 'OpenAPI Overlay 1.0 file applied to the document before use').env(
      'PERS_MOCK_OVERLAY',
    ),
  )
  .addOption(new Option('--port <number>', 'port to listen on').env('PORT').default(4011).argParser(port))
  .addOption(new Option('--host <address>', 'address to listen on').env('HOST').default('127.0.0.1'))
  .addOption(
    new Option('--strict', 'answer a response that breaks the contract with a 502 UPSTREAM_CONTRACT_VIOLATION').env(
      'PERS_MOCK_STRICT',
    ),
  )
  .addOption(
    new Option('--report <file>', 'write the summary of violations as JSON to this file on exit').env(
      'PERS_MOCK_REPORT',
    ),
  )
  .addOption(
    new Option('--fail-on-violations', 'exit 1 on SIGINT or SIGTERM if any exchange broke the contract').env(
      'PERS_MOCK_FAIL_ON_VIOLATIONS',
    ),
  )
  .addOption(
    new Option('--timeout <ms>', 'how long the upstream may stay silent before a 504')
      .env('PERS_MOCK_UPSTREAM_TIMEOUT')
      .default(30_000)
      .argParser(whole('--timeout')),
  )
  .addOption(
    new Option('--cors-origin <origins>', 'comma-separated origins allowed to call from a browser, or *')
      .env('PERS_MOCK_CORS_ORIGIN')
      .argParser(list),
  )
  .addOption(
    new Option('--log-level <level>', 'log level')
      .env('PERS_MOCK_LOG_LEVEL')
      .default('info')
      .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  )
  .action(async (options: ProxyCliOptions) => (await import('./proxy.js')).proxy(options));

await program.parseAsync(process.argv);

function latency(value: string): { min: number; max: number } {
  try {
    return parseLatency(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError(`--error-rate takes a number from 0 to 1, not "${value}"`);
  return n;
}

function upstreamUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`--upstream takes an http:// or https:// URL, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`--upstream takes an http:// or https:// URL, not "${value}"`);
  return url.href.replace(/\/+$/, '');
}

function postgresUrl(value: string): string {
  if (!/^postgres(ql)?:\/\/./.test(value))
    throw new InvalidArgumentError(`--store takes a postgres:// or postgresql:// URL, not "${value}"`);
  return value;
}

/**
 * --store (or PERS_MOCK_STORE) and --db on the command line are exclusive. A PERS_MOCK_DB from
 * the environment (the image sets one) gives way to a store; DATABASE_URL, which platforms often
 * set for other purposes, is taken only when neither --store nor --db is given.
 */
function withSharedStore(options: ServeOptions, command: Command): ServeOptions {
  const dbSource = command.getOptionValueSource('db');
  if (options.store !== undefined && dbSource === 'cli')
    command.error('error: --store and --db are exclusive: keep the data in PostgreSQL or in a file', {
      exitCode: USAGE_ERROR_EXIT,
    });
  const fromEnvironment = process.env.DATABASE_URL;
  if (options.store === undefined && dbSource === 'default' && fromEnvironment)
    return { ...options, store: postgresUrl(fromEnvironment) };
  return options;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

function whole(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} takes a whole number, not "${value}"`);
    return Number(value);
  };
}

function port(value: string): number {
  const n = whole('--port')(value);
  if (n > 65535) throw new InvalidArgumentError(`--port must be at most 65535, not ${n}`);
  return n;
}
