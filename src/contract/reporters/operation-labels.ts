/**
 * Short column labels: the part after a prefix every operation id shares up to an underscore
 * (`TriggerSourcesController_getTriggerSource` → `getTriggerSource`).
 */
export function operationLabels(operationIds: string[]): Map<string, string> {
  const prefix = commonPrefix(operationIds);
  const cut = prefix.lastIndexOf('_') + 1;
  return new Map(operationIds.map((id) => [id, id.slice(cut) || id]));
}

function commonPrefix(values: string[]): string {
  if (values.length < 2) return '';
  let prefix = values[0];
  for (const value of values.slice(1)) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
