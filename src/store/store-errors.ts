/** The database could not be reached, or was lost while answering: nothing was acknowledged. */
export class StoreUnavailableError extends Error {
  constructor(cause: Error) {
    super(`the store cannot be reached: ${cause.message}`, { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** The store cannot be opened (unreachable at start, or a schema this version does not know). */
export class StoreOpenError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'StoreOpenError';
  }
}
