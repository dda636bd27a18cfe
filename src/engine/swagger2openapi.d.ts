// swagger2openapi ships no types of its own; this is what the engine and the tests use of it.
declare module 'swagger2openapi' {
  export function convertObj(
    document: object,
    options: { patch?: boolean; warnOnly?: boolean },
  ): Promise<{ openapi: object }>;
}
