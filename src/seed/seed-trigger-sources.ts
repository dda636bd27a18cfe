import type { Faker } from '@faker-js/faker';
import type { Tenant } from '../store/tenants.js';
import type { TriggerSourceAnalytics, TriggerSourceRecord } from '../store/trigger-source.js';
import { STORE_FORMAT_VERSION, type StoreData } from '../store/trigger-source-store.js';

export const DEFAULT_SEED = 2013;
export const DEFAULT_RECORDS_PER_TENANT = 25;
/**
 * Seeded timestamps count back from this fixed instant rather than from the clock, so one seed
 * always gives the same dataset. It lies in the past, so every seeded time is before "now".
 */
export const SEED_REFERENCE_TIME = new Date('2026-01-01T00:00:00.000Z');

const DAY_MS = 24 * 60 * 60 * 1000;

const QR_PLACEMENTS = [
  'Main Entrance', 'Checkout Counter', 'Window Poster', 'Table Tent', 'Receipt Footer', 'Loyalty Card',
  'Parking Entrance', 'Event Booth', 'Product Packaging', 'Fitting Room', 'Menu Board', 'Delivery Bag',
];
const WEBHOOK_SYSTEMS = [
  { name: 'Shopify', id: 'shopify' }, { name: 'Square POS', id: 'square' }, { name: 'Lightspeed', id: 'lightspeed' },
  { name: 'Stripe', id: 'stripe' }, { name: 'Mobile App', id: 'mobile-app' }, { name: 'Salesforce', id: 'salesforce' },
];
const WEBHOOK_EVENTS = [
  { name: 'Order Completed', id: 'order.completed' }, { name: 'Purchase', id: 'purchase.created' },
  { name: 'Signup', id: 'customer.created' }, { name: 'Check-in', id: 'visit.checked_in' },
  { name: 'Review Posted', id: 'review.created' }, { name: 'Subscription Renewed', id: 'subscription.renewed' },
];

export interface SeedOptions {
  seed: number;
  recordsPerTenant: number;
  referenceTime?: Date;
}

/**
 * A complete store: `recordsPerTenant` realistic trigger sources for every tenant. Faker (and
 * its locale data, a tenth of a second to load) is imported only when a store is seeded.
 */
export async function seedStoreData(tenants: readonly Tenant[], options: SeedOptions): Promise<StoreData> {
  const { Faker, en, base } = await import('@faker-js/faker');
  const triggerSources = tenants.flatMap((tenant, index) => {
    const faker = new Faker({ locale: [en, base] });
    faker.seed([options.seed, index]);
    const now = (options.referenceTime ?? SEED_REFERENCE_TIME).getTime();
    return Array.from({ length: options.recordsPerTenant }, () => seedTriggerSource(faker, tenant, now));
  });
  return {
    formatVersion: STORE_FORMAT_VERSION,
    seed: { seed: options.seed, recordsPerTenant: options.recordsPerTenant },
    triggerSources,
  };
}

function seedTriggerSource(faker: Faker, tenant: Tenant, now: number): TriggerSourceRecord {
  const business = tenant.businesses.length > 0 && faker.datatype.boolean(0.75)
    ? faker.helpers.arrayElement(tenant.businesses)
    : null;
  const createdAt = now - faker.number.int({ min: 1, max: 365 }) * DAY_MS - faker.number.int({ min: 0, max: DAY_MS });
  const updatedAt = faker.datatype.boolean(0.4) ? createdAt : faker.number.int({ min: createdAt, max: now });
  const tokenConfig = { tokenId: String(faker.number.int({ min: 1, max: 12 })), amount: faker.helpers.arrayElement([1, 5, 10, 25, 50]) };
  const where = business ? business.name.split('—').pop()!.trim() : tenant.name;
  const isQrCode = faker.datatype.boolean(0.65);
  const shape = isQrCode ? qrCode(faker, where, tokenConfig) : webhook(faker, where, tokenConfig);
  return {
    id: faker.string.uuid(),
    tenantId: tenant.id,
    ...shape,
    description: faker.datatype.boolean(0.8) ? shape.description : null,
    businessId: business?.id ?? null,
    isActive: faker.datatype.boolean(0.85),
    analytics: faker.datatype.boolean(0.7) ? analytics(faker, createdAt, now) : null,
    campaignIds: faker.helpers.arrayElements(tenant.campaigns.map((c) => c.id), { min: 0, max: 2 }),
    createdAt: new Date(createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    deletedAt: null,
  };
}

type Shape = Pick<TriggerSourceRecord, 'type' | 'name' | 'metadata'> & { description: string };

function qrCode(faker: Faker, where: string, tokenConfig: object): Shape {
  const placement = faker.helpers.arrayElement(QR_PLACEMENTS);
  return {
    type: 'QR_CODE',
    name: `${where} ${placement} QR Code`,
    description: `QR code on the ${placement.toLowerCase()} at ${where}; scanning it awards loyalty tokens.`,
    metadata: {
      tokenConfig,
      placement,
      qrCode: { format: faker.helpers.arrayElement(['PNG', 'SVG']), sizePx: faker.helpers.arrayElement([512, 1024]) },
    },
  };
}

function webhook(faker: Faker, where: string, tokenConfig: object): Shape {
  const system = faker.helpers.arrayElement(WEBHOOK_SYSTEMS);
  const event = faker.helpers.arrayElement(WEBHOOK_EVENTS);
  return {
    type: 'API_WEBHOOK',
    name: `${system.name} ${event.name} Webhook`,
    description: `Called by ${system.name} on ${event.id} for ${where}.`,
    metadata: {
      tokenConfig,
      webhookConfig: {
        source: system.id,
        event: event.id,
        signatureHeader: 'x-pers-signature',
        secretLast4: faker.string.hexadecimal({ length: 4, casing: 'lower', prefix: '' }),
      },
    },
  };
}

/** Internally consistent: unique ≤ total, first ≤ last ≤ now, the daily average over the last 30 days. */
function analytics(faker: Faker, createdAt: number, now: number): TriggerSourceAnalytics {
  const firstEngagedAt = faker.number.int({ min: createdAt, max: now });
  const lastEngagedAt = faker.number.int({ min: firstEngagedAt, max: now });
  const totalEngagements = faker.number.int({ min: 1, max: 5000 });
  const uniqueUsers = faker.number.int({ min: 1, max: totalEngagements });
  const engagedRecently = now - lastEngagedAt <= 30 * DAY_MS;
  const lastThirtyDays = engagedRecently ? faker.number.int({ min: 1, max: Math.min(totalEngagements, 30 * 40) }) : 0;
  return {
    totalEngagements,
    uniqueUsers,
    lastEngagedAt: new Date(lastEngagedAt).toISOString(),
    firstEngagedAt: new Date(firstEngagedAt).toISOString(),
    averageEngagementsPerDay: Math.round((lastThirtyDays / 30) * 100) / 100,
  };
}
