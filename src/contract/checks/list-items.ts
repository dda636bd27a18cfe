import type { Exchange } from '../types.js';
import { jsonText } from '../../json-text.js';

/** The items of a successful list response, or undefined when the body is not an array. */
export function listItems(exchange: Exchange): unknown[] | undefined {
  const status = exchange.response?.status ?? 0;
  const value = exchange.response?.json?.value;
  return status >= 200 && status < 300 && Array.isArray(value) ? value : undefined;
}

export function idOf(item: unknown, idField: string): string | undefined {
  const id = item && typeof item === 'object' ? (item as Record<string, unknown>)[idField] : undefined;
  return id === undefined || id === null ? undefined : jsonText(id);
}

export function idsOf(items: unknown[], idField: string): string[] {
  return items.map((item) => idOf(item, idField)).filter((id): id is string => id !== undefined);
}
