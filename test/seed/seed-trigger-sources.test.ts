import { describe, expect, it } from 'vitest';
import { SEED_REFERENCE_TIME, seedStoreData } from '../../src/seed/seed-trigger-sources.js';
import { loadTenants } from '../../src/store/tenants.js';

const tenants = (await loadTenants('fixtures/tenants.json')).all;
const data = await seedStoreData(tenants, { seed: 2013, recordsPerTenant: 200 });
const sources = data.triggerSources;
const now = SEED_REFERENCE_TIME.toISOString();

describe('seeded trigger sources', () => {
  it('are identical for the same seed and differ for another', async () => {
    expect(await seedStoreData(tenants, { seed: 2013, recordsPerTenant: 200 })).toEqual(data);
    expect((await seedStoreData(tenants, { seed: 7, recordsPerTenant: 200 })).triggerSources[0]).not.toEqual(
      sources[0],
    );
  });

  it('give every tenant the requested number, with unique ids', () => {
    for (const tenant of tenants) expect(sources.filter((s) => s.tenantId === tenant.id)).toHaveLength(200);
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
  });

  it('cover both types, tenant-wide and business sources, inactive ones and never-used ones', () => {
    expect(new Set(sources.map((s) => s.type))).toEqual(new Set(['QR_CODE', 'API_WEBHOOK']));
    expect(sources.some((s) => s.businessId === null)).toBe(true);
    expect(sources.some((s) => s.businessId !== null)).toBe(true);
    expect(sources.some((s) => !s.isActive)).toBe(true);
    expect(sources.some((s) => s.analytics === null)).toBe(true);
  });

  it('carry type-specific metadata and names', () => {
    for (const s of sources) {
      expect(s.metadata).toHaveProperty('tokenConfig.tokenId');
      if (s.type === 'QR_CODE') expect(s.name).toMatch(/QR Code$/);
      else {
        expect(s.name).toMatch(/Webhook$/);
        expect(s.metadata).toHaveProperty('webhookConfig.event');
      }
    }
  });

  it("belong to their tenant's businesses and campaigns, and every campaign finds sources", () => {
    for (const tenant of tenants) {
      const own = sources.filter((s) => s.tenantId === tenant.id);
      const businessIds = new Set(tenant.businesses.map((b) => b.id));
      expect(own.every((s) => s.businessId === null || businessIds.has(s.businessId))).toBe(true);
      for (const campaign of tenant.campaigns) expect(own.some((s) => s.campaignIds.includes(campaign.id))).toBe(true);
    }
  });

  it('are kept in the order they were created, per tenant', () => {
    for (const tenant of tenants) {
      const created = sources.filter((s) => s.tenantId === tenant.id).map((s) => s.createdAt);
      expect(created).toEqual([...created].sort());
    }
  });

  it('have consistent times and analytics', () => {
    for (const s of sources) {
      expect(s.createdAt <= s.updatedAt && s.updatedAt <= now).toBe(true);
      if (!s.analytics) continue;
      const a = s.analytics;
      expect(a.uniqueUsers).toBeLessThanOrEqual(a.totalEngagements);
      expect(s.createdAt <= a.firstEngagedAt && a.firstEngagedAt <= a.lastEngagedAt && a.lastEngagedAt <= now).toBe(
        true,
      );
      expect(a.averageEngagementsPerDay * 30).toBeLessThanOrEqual(a.totalEngagements + 0.5);
      const idleForAMonth = Date.parse(now) - Date.parse(a.lastEngagedAt) > 30 * 86_400_000;
      if (idleForAMonth) expect(a.averageEngagementsPerDay).toBe(0);
    }
  });
});
