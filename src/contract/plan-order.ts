/** A place in the run's plan: lanes are numbered where they fork, requests within their lane. */
export type PlanOrder = readonly number[];

/** Lexicographic: a lane's earlier requests, then the lanes it forked there, then its later ones. */
export function compareOrder(a: PlanOrder, b: PlanOrder): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
