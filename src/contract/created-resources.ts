import { compareOrder, type PlanOrder } from './plan-order.js';
import type { ResourceModel } from './resource-model.js';

export interface CreatedResource {
  model: ResourceModel;
  id: string;
  tenant: 'primary' | 'second';
  /** The place in the plan of the request that created it. */
  order: PlanOrder;
}

/** What the run created and has not seen deleted yet: what cleanup must delete. */
export class CreatedResources {
  private readonly live = new Map<string, CreatedResource>();
  private createdCount = 0;

  add(resource: CreatedResource): void {
    const key = keyOf(resource.model, resource.id);
    if (!this.live.has(key)) this.createdCount++;
    this.live.set(key, resource);
  }

  /** With `tenant`, only when that tenant created it. */
  remove(model: ResourceModel, id: string, tenant?: CreatedResource['tenant']): void {
    const key = keyOf(model, id);
    if (tenant === undefined || this.live.get(key)?.tenant === tenant) this.live.delete(key);
  }

  /**
   * Newest first by the plan (the same whatever answered first), so dependants go before what
   * they depend on.
   */
  remaining(): CreatedResource[] {
    return [...this.live.values()].sort((a, b) => compareOrder(b.order, a.order));
  }

  get total(): number {
    return this.createdCount;
  }
}

function keyOf(model: ResourceModel, id: string): string {
  return `${model.collectionPath}\u0000${id}`;
}
