/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/** Whether a documented media-type key (possibly a `type/*` or `*\/*` range) covers `actual`. */
export function covers(documented: string, actual: string): boolean {
  const [docType, docSub] = essence(documented).split('/');
  const [type, sub] = essence(actual).split('/');
  return (docType === '*' || docType === type) && (docSub === '*' || docSub === sub);
}

/** The documented media type that covers `actual`, most specific first. */
export function matchingMediaType(documented: string[], actual: string): string | undefined {
  const bySpecificity = [...documented].sort((a, b) => (a.includes('*') ? 1 : 0) - (b.includes('*') ? 1 : 0));
  return bySpecificity.find((candidate) => covers(candidate, actual));
}

export function isJsonMediaType(mediaType: string): boolean {
  const e = essence(mediaType);
  return e === 'application/json' || e.endsWith('+json');
}
