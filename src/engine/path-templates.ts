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
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : literal(part)))
    .join('');
}

/**
 * The reader of a template's path parameters: their decoded values in a path the template
 * matches, or null. It reads as openapi-backend's own (bath-es5) does, but with the text between
 * parameters taken literally: bath-es5 reads the dots of GitHub's `{base}...{head}` as any
 * character, splits a value inside its `%20`, and then throws on decoding it.
 */
export function pathParameterReader(template: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return literal(part);
      names.push(name);
      return '([^/]*)';
    })
    .join('');
  const pattern = new RegExp(`^${source}$`);
  return (path) => {
    const match = pattern.exec(path);
    if (!match) return null;
    const values: Record<string, string> = {};
    for (const [index, name] of names.entries()) {
      const value = decoded(match[index + 1]);
      // A name used twice must have one value, as bath-es5 requires.
      if (value === undefined || (name in values && values[name] !== value)) return null;
      values[name] = value;
    }
    return values;
  };
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
