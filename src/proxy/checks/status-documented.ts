import { documentedResponse, type ExchangeCheck } from '../exchange.js';

/** The upstream answered with a status the operation documents (exactly, as a range, or as `default`). */
export const statusDocumented: ExchangeCheck = (_context, exchange) => {
  const { operation, response } = exchange;
  if (!operation || documentedResponse(operation, response.status)) return [];
  const documented = Object.keys(operation.responses ?? {}).join(', ');
  return [
    {
      side: 'response',
      location: 'status',
      path: '',
      message: `status ${response.status} is not documented (documented: ${documented})`,
    },
  ];
};
