/** A document that cannot be used, naming the file (and where in it, when known). */
export class SpecError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'SpecError';
  }
}
