import type { ExchangeCheck } from '../exchange.js';

/** A request the document has no operation for. */
export const requestRoute: ExchangeCheck = (_context, exchange) => {
  if (exchange.operation) return [];
  const { method, path } = exchange.request;
  return [
    {
      side: 'request',
      location: 'route',
      path: '',
      message: `the document has no operation for ${method.toUpperCase()} ${path}`,
    },
  ];
};
