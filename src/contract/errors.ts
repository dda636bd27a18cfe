/** A problem with the options, the credentials, a suite or the document: exit code 2. */
export class ContractConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractConfigError';
  }
}

/** The target did not answer at all (refused, unknown host, timed out): exit code 3. */
export class TargetUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnreachableError';
  }
}

/** The run was asked to stop (Ctrl-C); thrown between requests, caught by the runner. */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was interrupted');
    this.name = 'RunInterrupted';
  }
}

/** The run found as many failures as --max-failures allows; thrown before the next request, caught by the runner. */
export class FailureLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`stopped after ${limit} distinct failure(s) (--max-failures ${limit})`);
    this.name = 'FailureLimitReached';
  }
}
