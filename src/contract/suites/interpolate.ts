const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * Replaces `${name}` in every string of `template`. A string that is exactly one reference
 * takes the variable's value with its type (so a captured number stays a number).
 */
export function interpolate(template: unknown, variables: Record<string, unknown>): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE_REFERENCE.exec(template);
    if (whole) return variables[whole[1]];
    return template.replace(REFERENCE, (_match, name: string) => String(variables[name]));
  }
  if (Array.isArray(template)) return template.map((item) => interpolate(item, variables));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, interpolate(value, variables)]));
  }
  return template;
}

/** Every variable name `template` refers to. */
export function referencedVariables(template: unknown): string[] {
  if (typeof template === 'string') return [...template.matchAll(REFERENCE)].map((match) => match[1]);
  if (Array.isArray(template)) return template.flatMap(referencedVariables);
  if (template && typeof template === 'object') return Object.values(template).flatMap(referencedVariables);
  return [];
}
