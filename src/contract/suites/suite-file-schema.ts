/** The shape of a contracts/*.yaml file. */
export const suiteFileSchema = {
  type: 'object',
  required: ['name', 'steps'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    variables: { type: 'object' },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'operation', 'expect'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1 },
          operation: { type: 'string', minLength: 1 },
          auth: { enum: ['primary', 'second', 'none'] },
          params: { type: 'object' },
          query: { type: 'object' },
          headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
          body: {},
          expect: {
            type: 'object',
            required: ['status'],
            additionalProperties: false,
            properties: {
              status: {
                oneOf: [
                  { type: 'integer', minimum: 100, maximum: 599 },
                  { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 } },
                ],
              },
            },
          },
          assert: {
            type: 'array',
            items: {
              type: 'object',
              required: ['pointer'],
              minProperties: 2,
              additionalProperties: false,
              properties: {
                pointer: { type: 'string' },
                equals: {},
                exists: { type: 'boolean' },
                matches: { type: 'string' },
                contains: {},
                notContains: {},
                length: { type: 'integer', minimum: 0 },
              },
            },
          },
          capture: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
} as const;
