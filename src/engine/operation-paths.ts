import type { OpenAPIV3 } from 'openapi-types';
import { PathTemplateIndex } from './path-templates.js';

/**
 * Finds which of the document's paths a request path means, so the API can be called both at
 * the root and under a base path (`/v2`, or the path of a `servers` URL such as `/api/v3`).
 */
export class PathResolver {
  private readonly templates: PathTemplateIndex<true>;
  private readonly basePaths: string[];

  constructor(document: OpenAPIV3.Document, basePaths: string[]) {
    this.templates = new PathTemplateIndex(
      Object.keys(document.paths ?? {}).map((template) => ({ template, value: true })),
    );
    this.basePaths = [...new Set(basePaths.filter((base) => base !== '' && base !== '/'))].sort(
      (a, b) => b.length - a.length,
    );
  }

  /**
   * The path as sent when the document has it; else without the base path that makes it one of the
   * document's; else without a base path.
   */
  resolve(path: string): string {
    if (this.known(path)) return path;
    const stripped = this.basePaths
      .map((base) => strip(path, base))
      .filter((candidate): candidate is string => candidate !== undefined);
    return stripped.find((candidate) => this.known(candidate)) ?? stripped[0] ?? path;
  }

  private known(path: string): boolean {
    const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return this.templates.find(bare) !== undefined;
  }
}

/** The paths of the document's `servers` URLs (`https://api.pers.ninja/v2` → `/v2`), with variables at their defaults. */
export function serverBasePaths(document: OpenAPIV3.Document): string[] {
  return (document.servers ?? []).flatMap((server) => {
    const url = server.url.replace(/\{([^}]+)\}/g, (_match, name: string) =>
      String(server.variables?.[name]?.default ?? ''),
    );
    try {
      const pathname = new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
      return pathname === '' ? [] : [decodeURI(pathname)];
    } catch {
      return [];
    }
  });
}

function strip(path: string, base: string): string | undefined {
  if (path === base) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
}
