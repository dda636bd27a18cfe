/**
 * Path templates (`/repos/{owner}/{repo}`) found by the path they match, without trying every
 * template: a parameter never spans a `/`, so a path can only match templates with as many
 * segments, and only those whose first segment is the path's or holds a parameter. Candidates
 * come back in the order the templates were given, which is the order of preference.
 */
export class PathTemplateIndex<T> {
  private readonly buckets = new Map<string, Array<Entry<T>>>();

  constructor(templates: Iterable<{ template: string; value: T }>) {
    let order = 0;
    for (const { template, value } of templates) {
      const segments = template.replace(/\{[^}]+\}/g, '{}').split('/');
      const first = segments[1] ?? '';
      const key = bucketKey(segments.length, first.includes('{}') ? undefined : first);
      const entry = { order: order++, pattern: new RegExp(`^${templatePattern(template)}$`), value };
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(entry);
      else this.buckets.set(key, [entry]);
    }
  }

  /** The first template, in the given order, that matches `path` and satisfies `accept`. */
  find(path: string, accept: (value: T) => boolean = () => true): T | undefined {
    const segments = path.split('/');
    const literal = this.buckets.get(bucketKey(segments.length, segments[1] ?? ''));
    const parametric = this.buckets.get(bucketKey(segments.length, undefined));
    const first = (bucket: Array<Entry<T>> | undefined) =>
      bucket?.find((entry) => accept(entry.value) && entry.pattern.test(path));
    const a = first(literal);
    const b = first(parametric);
    if (a === undefined || b === undefined) return (a ?? b)?.value;
    return (a.order < b.order ? a : b).value;
  }
}

interface Entry<T> {
  order: number;
  pattern: RegExp;
  value: T;
}

function bucketKey(segments: number, first: string | undefined): string {
  return first === undefined ? `${segments}{}` : `${segments}/${first}`;
}

/** A template's parameters as `[^/]+`, everything else literal. */
function templatePattern(template: string): string {
  return template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
}
